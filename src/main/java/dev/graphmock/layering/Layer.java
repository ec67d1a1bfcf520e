package dev.graphmock.layering;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a package may use, on its {@code package-info.java} beside the prose that says why: graphmock's own
 * packages by their last name, and libraries by package prefix. The JDK ({@code java.*}, {@code javax.*}, the W3C
 * DOM) is always allowed. {@code LayeringTest} holds every class of the package to it, so the sentence in the
 * package comment and the rule the build checks are written in one place.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PACKAGE)
public @interface Layer {
  /** graphmock's packages this one may use, such as {@code "model"}; {@code "."} is the root package. */
  String[] uses() default {};

  /** Library packages this one may use, by prefix, such as {@code "org.eclipse.jetty"}. */
  String[] libraries() default {};
}
