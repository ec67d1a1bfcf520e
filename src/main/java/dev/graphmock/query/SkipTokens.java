package dev.graphmock.query;

import dev.graphmock.model.DateTimeOffsetValue;
import dev.graphmock.model.Durations;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code $skiptoken}s: the keyset position of the last row sent (model values, each tagged with its type),
 * opaque to clients and signed (HMAC-SHA256 with a
 * key made when the server starts, or kept in a database several servers share) together with the query it belongs
 * to, so that a token that was altered, or is used with another {@code $filter} or {@code $orderby}, or comes from
 * an earlier run of a server with a database of its own, is refused instead of paging wrongly.
 */
public final class SkipTokens {
  private static final int MAC_BYTES = 16;
  private final byte[] key = new byte[32];
  /**
   * Each thread's MAC, keyed once: looking the algorithm up and keying it for every token was 7 % of a page of 100
   * (profiled); a MAC is not for two threads at once, and {@code doFinal} leaves it ready for the next.
   */
  private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::keyedMac);

  public SkipTokens() {
    new SecureRandom().nextBytes(key);
  }

  /**
   * Tokens signed with {@code sharedKey} (at least 32 bytes), which every server sharing a database uses, so that
   * a token one of them issued is honoured by the others.
   */
  public SkipTokens(byte[] sharedKey) {
    if (sharedKey.length < key.length) {
      throw new IllegalArgumentException("a signing key needs at least " + key.length + " bytes");
    }
    System.arraycopy(sharedKey, 0, key, 0, key.length);
  }

  public String encode(List<Object> position, String queryFingerprint) {
    byte[] payload = serialise(position);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(concat(payload, mac(payload, queryFingerprint)));
  }

  /** The position, or empty when the token was not made by this server for this query. */
  public Optional<List<Object>> decode(String token, String queryFingerprint) {
    byte[] bytes;
    try {
      bytes = Base64.getUrlDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (bytes.length <= MAC_BYTES) {
      return Optional.empty();
    }
    byte[] payload = Arrays.copyOf(bytes, bytes.length - MAC_BYTES);
    byte[] mac = Arrays.copyOfRange(bytes, bytes.length - MAC_BYTES, bytes.length);
    if (!MessageDigest.isEqual(mac, mac(payload, queryFingerprint))) {
      return Optional.empty();
    }
    return Optional.of(deserialise(payload));
  }

  private byte[] mac(byte[] payload, String queryFingerprint) {
    Mac hmac = macs.get();
    hmac.reset(); // nothing a failed call fed it counts
    hmac.update(queryFingerprint.getBytes(StandardCharsets.UTF_8));
    hmac.update((byte) 0);
    return Arrays.copyOf(hmac.doFinal(payload), MAC_BYTES);
  }

  private Mac keyedMac() {
    try {
      Mac hmac = Mac.getInstance("HmacSHA256");
      hmac.init(new SecretKeySpec(key, "HmacSHA256"));
      return hmac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
    }
  }

  private static byte[] serialise(List<Object> values) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(values.size());
      for (Object value : values) {
        if (value == null) {
          out.writeByte('N');
        } else if (value instanceof Integer number) {
          out.writeByte('I');
          out.writeInt(number);
        } else if (value instanceof Long number) {
          out.writeByte('L');
          out.writeLong(number);
        } else if (value instanceof Double number) {
          out.writeByte('D');
          out.writeDouble(number);
        } else if (value instanceof Boolean flag) {
          out.writeByte('B');
          out.writeBoolean(flag);
        } else if (value instanceof java.time.Duration duration) {
          out.writeByte('T');
          out.writeLong(Durations.toTicks(duration));
        } else if (value instanceof DateTimeOffsetValue dateTime) {
          out.writeByte('O');
          writeText(out, dateTime.text());
        } else {
          out.writeByte('S');
          writeText(out, value.toString());
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static List<Object> deserialise(byte[] payload) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
      int count = in.readUnsignedByte();
      List<Object> values = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        int tag = in.readUnsignedByte();
        values.add(switch (tag) {
          case 'N' -> null;
          case 'I' -> in.readInt();
          case 'L' -> in.readLong();
          case 'D' -> in.readDouble();
          case 'B' -> in.readBoolean();
          case 'T' -> Durations.ofTicks(in.readLong());
          case 'O' -> DateTimeOffsetValue.parse(readText(in));
          case 'S' -> readText(in);
          default -> throw new IOException("bad tag");
        });
      }
      return values;
    } catch (IOException e) {
      // Only reachable with a valid MAC, i.e. never for tokens this class made.
      throw new IllegalStateException("a signed skip token did not decode", e);
    }
  }

  /** Length-prefixed UTF-8: unlike writeUTF, not limited to 64 KiB (a string property may hold up to 4 MiB). */
  private static void writeText(DataOutputStream out, String text) throws IOException {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private static String readText(DataInputStream in) throws IOException {
    return new String(in.readNBytes(in.readInt()), StandardCharsets.UTF_8);
  }

  private static byte[] concat(byte[] first, byte[] second) {
    byte[] all = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, all, first.length, second.length);
    return all;
  }
}
