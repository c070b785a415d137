package dev.capstan.http.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Header fields in the order received; names compare case-insensitively. */
public final class Headers {
    private final List<String> fields = new ArrayList<>();

    public void add(String name, String value) {
        fields.add(name);
        fields.add(value);
    }

    /** The first value of {@code name}. */
    public Optional<String> first(String name) {
        for (int i = 0; i < fields.size(); i += 2) {
            if (fields.get(i).equalsIgnoreCase(name)) {
                return Optional.of(fields.get(i + 1));
            }
        }
        return Optional.empty();
    }

    /** Every value of {@code name}, each split at commas, trimmed, in order: for list fields. */
    public List<String> tokens(String name) {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < fields.size(); i += 2) {
            if (fields.get(i).equalsIgnoreCase(name)) {
                String value = fields.get(i + 1);
                int start = 0;
                for (int comma = value.indexOf(','); ; comma = value.indexOf(',', start)) {
                    String token = value.substring(start, comma < 0 ? value.length() : comma).trim();
                    if (!token.isEmpty()) {
                        tokens.add(token);
                    }
                    if (comma < 0) {
                        break;
                    }
                    start = comma + 1;
                }
            }
        }
        return tokens;
    }

    /** Whether the list field {@code name} holds {@code token}, ignoring case. */
    public boolean hasToken(String name, String token) {
        for (String t : tokens(name)) {
            if (t.equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }

    public int size() {
        return fields.size() / 2;
    }
}
