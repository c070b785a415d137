package dev.capstan.api;

/**
 * What the {@code len:} of an event header counts, per listener ({@code len_unit =}).
 * supervisord's protocol documentation says bytes; supervisord 4 sends the number of characters
 * of the payload (its issue #1243), which only differs for non-ASCII payloads.
 */
public enum LenUnit {
    /** Bytes, as documented, with {@code charlen:N} added to the header when the two differ. */
    BYTES,
    /** Characters (code points), exactly as supervisord 4 sends it; no {@code charlen}. */
    CHARS
}
