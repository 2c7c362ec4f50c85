package dev.fastclock.linux.x64.elf;

/**
 * Thrown when an image handed to {@link VdsoImage#parse} is not a well-formed vDSO: the message
 * names the defect (which header, table or entry, and why).
 *
 * <p>It is unchecked because callers cannot repair the image: they fall back to another time source.
 */
public final class VdsoFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message the defect, in words
     */
    public VdsoFormatException(String message) {
        super(message);
    }

    /**
     * Creates the exception with the exception that revealed the defect.
     *
     * @param message the defect, in words
     * @param cause what revealed it
     */
    public VdsoFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
