package org.wasmcloud4j.wasi;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;
import java.util.LinkedHashMap;
import java.util.Map;

/** A {@code wasi:filesystem} error: the {@code error-code} case the guest receives. */
final class FsError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * The OS's words for each errno (glibc and BSD/macOS {@code strerror} texts; Java reports most errnos only as
     * {@link FileSystemException#getReason()} or an {@link IOException} message), mapped as wasmtime maps errnos.
     * A reason is matched by prefix: Java appends to some (ELOOP: "... or unable to access attributes of symbolic
     * link").
     */
    private static final Map<String, String> BY_REASON = new LinkedHashMap<>();

    static {
        String[][] table = {
            {"Operation not permitted", "not-permitted"},           // EPERM
            {"No such file or directory", "no-entry"},              // ENOENT
            {"Input/output error", "io"},                           // EIO
            {"Bad file descriptor", "bad-descriptor"},              // EBADF
            {"Cannot allocate memory", "insufficient-memory"},      // ENOMEM
            {"Permission denied", "access"},                        // EACCES
            {"Device or resource busy", "busy"},                    // EBUSY
            {"Resource busy", "busy"},                              // EBUSY (BSD)
            {"File exists", "exist"},                               // EEXIST
            {"Invalid cross-device link", "cross-device"},          // EXDEV
            {"Cross-device link", "cross-device"},                  // EXDEV (BSD)
            {"No such device or address", "no-such-device"},        // ENXIO
            {"No such device", "no-such-device"},                   // ENODEV
            {"Operation not supported by device", "no-such-device"}, // ENODEV (BSD)
            {"Not a directory", "not-directory"},                   // ENOTDIR
            {"Is a directory", "is-directory"},                     // EISDIR
            {"Invalid argument", "invalid"},                        // EINVAL
            {"Text file busy", "text-file-busy"},                   // ETXTBSY
            {"File too large", "file-too-large"},                   // EFBIG
            {"No space left on device", "insufficient-space"},      // ENOSPC
            {"Illegal seek", "invalid-seek"},                       // ESPIPE
            {"Read-only file system", "read-only"},                 // EROFS
            {"Too many links", "too-many-links"},                   // EMLINK
            {"Broken pipe", "pipe"},                                // EPIPE
            {"Resource deadlock avoided", "deadlock"},              // EDEADLK
            {"File name too long", "name-too-long"},                // ENAMETOOLONG
            {"No locks available", "no-lock"},                      // ENOLCK
            {"Function not implemented", "unsupported"},            // ENOSYS
            {"Directory not empty", "not-empty"},                   // ENOTEMPTY
            {"Too many levels of symbolic links", "loop"},          // ELOOP
            {"Value too large for defined data type", "overflow"},  // EOVERFLOW (glibc)
            {"Value too large to be stored in data type", "overflow"}, // EOVERFLOW (BSD)
            {"Invalid or incomplete multibyte or wide character", "illegal-byte-sequence"}, // EILSEQ (glibc)
            {"Illegal byte sequence", "illegal-byte-sequence"},     // EILSEQ (BSD)
            {"Operation not supported", "unsupported"},             // ENOTSUP / EOPNOTSUPP
            {"Disk quota exceeded", "quota"},                       // EDQUOT (glibc)
            {"Disc quota exceeded", "quota"},                       // EDQUOT (BSD)
            {"Resource temporarily unavailable", "would-block"},    // EAGAIN
            {"Operation already in progress", "already"},           // EALREADY
            {"Operation now in progress", "in-progress"},           // EINPROGRESS
            {"Interrupted system call", "interrupted"},             // EINTR
            {"Message too long", "message-size"},                   // EMSGSIZE
            {"Inappropriate ioctl for device", "no-tty"},           // ENOTTY
            {"State not recoverable", "not-recoverable"},           // ENOTRECOVERABLE
        };
        for (String[] row : table) {
            BY_REASON.put(row[0], row[1]);
        }
    }

    private final String code;

    FsError(String code, String detail) {
        super(code + ": " + detail, null, false, false);
        this.code = code;
    }

    /** The {@code error-code} enum case, e.g. {@code not-permitted}. */
    String code() {
        return code;
    }

    /** An {@link IOException} carrying a filesystem error (for output streams, whose failures are I/O errors). */
    static final class AsIo extends IOException {
        private static final long serialVersionUID = 1L;

        final FsError error;

        AsIo(FsError error) {
            super(error.getMessage());
            this.error = error;
        }
    }

    /** The error code of {@code e}: by exception type where Java keeps the errno's meaning, else by its text. */
    static FsError of(IOException e) {
        if (e instanceof AsIo a) {
            return a.error;
        }
        String code = codeOf(e);
        return new FsError(code, String.valueOf(e.getMessage()));
    }

    private static String codeOf(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no-entry";
        } else if (e instanceof FileAlreadyExistsException) {
            return "exist";
        } else if (e instanceof DirectoryNotEmptyException) {
            return "not-empty";
        } else if (e instanceof AccessDeniedException) {
            return "access";
        } else if (e instanceof NotDirectoryException) {
            return "not-directory";
        } else if (e instanceof NotLinkException) {
            return "invalid";
        } else if (e instanceof FileSystemLoopException) {
            return "loop";
        } else if (e instanceof AtomicMoveNotSupportedException) {
            return "cross-device";
        } else if (e instanceof ClosedChannelException) {
            return "bad-descriptor";
        }
        String reason = e instanceof FileSystemException f ? f.getReason() : e.getMessage();
        String c = reason == null ? null : byReason(reason);
        // an errno without a WASI counterpart (EMFILE, ENFILE, ...) stays io
        return c != null ? c : "io";
    }

    /** The code for an OS error text, or {@code null} if it is not one the table knows. */
    static String byReason(String reason) {
        for (Map.Entry<String, String> r : BY_REASON.entrySet()) {
            if (reason.startsWith(r.getKey())) {
                return r.getValue();
            }
        }
        return null;
    }
}
