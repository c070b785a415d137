package dev.capstan.config.extender;

import dev.capstan.config.spec.ParsedService;
import java.util.List;

/**
 * A service bundle's start level, from its services' lowest priority, so that {@code lb} lists
 * service bundles in the order their services start: {@code level = 10 + priority}, clamped to
 * 10..1999. Levels 1 to 3 are Capstan's own (platform, Capstan, FileInstall), 10 is the level of
 * a bundle that declares no service, and 2000 is the level the framework rises to at boot
 * (FrameworkBoot.BEGINNING_START_LEVEL), so every service bundle starts: priority 1 is level 11,
 * supervisord's default 999 is level 1009, an event listener's -1 is level 10.
 */
final class PriorityStartLevel {

    static final int BASE = 10;
    static final int HIGHEST = 1999;

    private PriorityStartLevel() {
    }

    static int of(List<ParsedService> services) {
        int lowest = services.stream().mapToInt(s -> s.spec().priority()).min().orElse(0);
        return (int) Math.max(BASE, Math.min(HIGHEST, (long) BASE + lowest));
    }
}
