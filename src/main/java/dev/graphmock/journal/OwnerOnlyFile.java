package dev.graphmock.journal;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.AclEntry;
import java.nio.file.attribute.AclEntryPermission;
import java.nio.file.attribute.AclEntryType;
import java.nio.file.attribute.AclFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Makes a file that only its owner may read or write, before anything is written to it: {@code rw-------} where
 * the file system has POSIX permissions (whatever the umask, which would leave {@code rw-r--r--}), else an ACL
 * naming the owner alone where it has ACLs (Windows; best effort: a file system that refuses the ACL gets a
 * warning, not a failed start). The journal file holds what every request sent; redacted, but still nothing for
 * other accounts on the machine. An existing file keeps the permissions someone gave it.
 */
final class OwnerOnlyFile {
  private static final Set<PosixFilePermission> OWNER_READ_WRITE = PosixFilePermissions.fromString("rw-------");

  private OwnerOnlyFile() {
  }

  /** Creates {@code file} for its owner only; nothing when it exists already. */
  static void createIfAbsent(Path file) throws IOException {
    boolean posix = file.getFileSystem().supportedFileAttributeViews().contains("posix");
    try {
      if (posix) {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_READ_WRITE));
      } else {
        Files.createFile(file);
      }
    } catch (FileAlreadyExistsException e) {
      return;
    }
    if (posix) {
      // createFile's attribute passes through the umask, which can only take bits away; this sets them exactly.
      Files.setPosixFilePermissions(file, OWNER_READ_WRITE);
      return;
    }
    AclFileAttributeView acl = Files.getFileAttributeView(file, AclFileAttributeView.class);
    if (acl == null) {
      return;
    }
    try {
      acl.setAcl(List.of(AclEntry.newBuilder().setType(AclEntryType.ALLOW).setPrincipal(Files.getOwner(file))
          .setPermissions(EnumSet.of(AclEntryPermission.READ_DATA, AclEntryPermission.WRITE_DATA,
              AclEntryPermission.APPEND_DATA, AclEntryPermission.READ_ATTRIBUTES,
              AclEntryPermission.WRITE_ATTRIBUTES, AclEntryPermission.READ_NAMED_ATTRS,
              AclEntryPermission.WRITE_NAMED_ATTRS, AclEntryPermission.READ_ACL, AclEntryPermission.WRITE_ACL,
              AclEntryPermission.DELETE, AclEntryPermission.SYNCHRONIZE))
          .build()));
    } catch (IOException | UnsupportedOperationException e) {
      // The file is still there to write to; a journal is worth keeping, but whoever reads the log should know.
      org.slf4j.LoggerFactory.getLogger(OwnerOnlyFile.class).warn("{}: could not make it its owner's alone ({});"
          + " it keeps the permissions its folder gives", file, e.getMessage());
    }
  }
}
