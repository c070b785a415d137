package dev.capstan.api;

import java.util.List;

/**
 * What a re-read configuration changes, as supervisorctl's {@code reread} reports it
 * ("web: available", "db: changed", "old: disappeared"). Names are full names.
 */
public record ReloadPlan(List<String> added, List<String> changed, List<String> removed) {
    public ReloadPlan {
        added = List.copyOf(added);
        changed = List.copyOf(changed);
        removed = List.copyOf(removed);
    }

    public boolean isEmpty() {
        return added.isEmpty() && changed.isEmpty() && removed.isEmpty();
    }
}
