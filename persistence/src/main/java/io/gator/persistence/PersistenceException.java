package io.gator.persistence;

import java.sql.SQLException;

/** A database operation failed; the message names the operation. */
public final class PersistenceException extends RuntimeException {
    public PersistenceException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * True when the database refused the data itself (SQLSTATE class 22, data exception, or 23, integrity
     * constraint): sending the same rows again fails again, unlike a lost connection or a deadlock.
     */
    public boolean isDataError() {
        for (Throwable t = getCause(); t != null; t = t.getCause()) {
            if (t instanceof SQLException e) {
                for (SQLException s = e; s != null; s = s.getNextException()) {
                    String state = s.getSQLState();
                    if (state != null && (state.startsWith("22") || state.startsWith("23"))) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
