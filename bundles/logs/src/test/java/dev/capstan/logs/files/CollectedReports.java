package dev.capstan.logs.files;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Reports kept in lists, to count what the operator would see. */
public final class CollectedReports implements Reports {

    public final List<String> errors = new CopyOnWriteArrayList<>();
    public final List<String> warnings = new CopyOnWriteArrayList<>();

    @Override
    public void error(String message) {
        errors.add(message);
    }

    @Override
    public void warn(String message) {
        warnings.add(message);
    }
}
