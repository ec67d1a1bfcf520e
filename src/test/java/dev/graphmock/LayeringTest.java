package dev.graphmock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SlicesRuleDefinition;
import dev.graphmock.layering.Layer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every main class uses only what its package's {@link Layer} (on its {@code package-info.java}) allows: graphmock's
 * packages by name, libraries by prefix, the JDK always; and no two packages depend on each other in a ring, so
 * that no import runs back up the layers.
 */
class LayeringTest {
  private static final String ROOT = "dev.graphmock";
  /** The JDK's own packages, which any layer may use. */
  private static final List<String> JDK = List.of("java.", "javax.", "jdk.", "org.w3c.dom.", "org.xml.sax.");

  private static JavaClasses main;

  @BeforeAll
  static void importMainClasses() {
    main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS).importPackages(ROOT);
  }

  @Test
  void everyPackageDeclaresItsLayer() {
    Set<String> packages = new TreeSet<>();
    main.forEach(type -> packages.add(type.getPackageName()));
    assertTrue(packages.size() > 10, "the main classes were found: " + packages);
    for (String name : packages) {
      assertNotNull(layer(name), name + "'s package-info.java has no @Layer saying what it may use");
    }
  }

  @Test
  void everyClassUsesOnlyWhatItsPackageAllows() {
    Map<String, List<String>> violations = new TreeMap<>();
    for (JavaClass type : main) {
      Layer layer = layer(type.getPackageName());
      if (layer == null) {
        continue;
      }
      for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
        JavaClass target = dependency.getTargetClass();
        String targetPackage = target.getPackageName();
        if (target.isPrimitive() || target.isArray() && target.getBaseComponentType().isPrimitive()
            || allowed(type.getPackageName(), layer, target.isArray()
            ? target.getBaseComponentType().getPackageName() : targetPackage)) {
          continue;
        }
        violations.computeIfAbsent(type.getPackageName(), unused -> new ArrayList<>())
            .add(dependency.getDescription());
      }
    }
    assertEquals(Map.of(), violations, "uses beyond what each package's @Layer allows");
  }

  @Test
  void noPackagesDependOnEachOtherInARing() {
    SlicesRuleDefinition.slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(main);
  }

  /** Whether a class of {@code from} may use one of {@code to}. */
  private static boolean allowed(String from, Layer layer, String to) {
    if (to.isEmpty() || to.equals(from) || to.equals(Layer.class.getPackageName())
        || JDK.stream().anyMatch(prefix -> (to + ".").startsWith(prefix))) {
      return true;
    }
    if (to.equals(ROOT) || to.startsWith(ROOT + ".")) {
      String name = to.equals(ROOT) ? "." : to.substring(ROOT.length() + 1);
      return List.of(layer.uses()).contains(name);
    }
    return List.of(layer.libraries()).stream().anyMatch(prefix -> to.equals(prefix) || to.startsWith(prefix + "."));
  }

  private static Layer layer(String packageName) {
    try {
      return Class.forName(packageName + ".package-info").getAnnotation(Layer.class);
    } catch (ClassNotFoundException e) {
      return null;
    }
  }
}
