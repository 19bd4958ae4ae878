package org.wasmcloud4j.wasi;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.NotLinkException;

/** A {@code wasi:filesystem} error: the {@code error-code} case the guest receives. */
final class FsError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String code;

    FsError(String code, String detail) {
        super(code + ": " + detail, null, false, false);
        this.code = code;
    }

    /** The {@code error-code} enum case, e.g. {@code not-permitted}. */
    String code() {
        return code;
    }

    static FsError of(IOException e) {
        String code;
        if (e instanceof NoSuchFileException) {
            code = "no-entry";
        } else if (e instanceof FileAlreadyExistsException) {
            code = "exist";
        } else if (e instanceof DirectoryNotEmptyException) {
            code = "not-empty";
        } else if (e instanceof AccessDeniedException) {
            code = "access";
        } else if (e instanceof NotDirectoryException) {
            code = "not-directory";
        } else if (e instanceof NotLinkException) {
            code = "invalid";
        } else if (e instanceof FileSystemLoopException) {
            code = "loop";
        } else {
            code = "io";
        }
        return new FsError(code, String.valueOf(e.getMessage()));
    }
}
