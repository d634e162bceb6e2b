package com.bikefleet.agent.outbox;

import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** The outbox file cannot be used: it is not a SQLite database, or it is damaged or truncated. */
public final class OutboxCorruptException extends SQLException {

    OutboxCorruptException(String message, Throwable cause) {
        super(message, cause);
    }

    /** SQLite's own verdict: the file is damaged (SQLITE_CORRUPT) or no database at all (SQLITE_NOTADB). */
    static boolean isCorruption(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OutboxCorruptException) {
                return true;
            }
            if (t instanceof SQLiteException sqlite) {
                int primary = sqlite.getResultCode().code & 0xff;
                if (primary == SQLiteErrorCode.SQLITE_CORRUPT.code || primary == SQLiteErrorCode.SQLITE_NOTADB.code) {
                    return true;
                }
            }
        }
        return false;
    }
}
