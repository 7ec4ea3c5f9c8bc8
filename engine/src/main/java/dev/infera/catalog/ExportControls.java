package dev.infera.catalog;

import dev.infera.BadInputException;
import dev.infera.text.Ids;

import java.util.Locale;
import java.util.Map;

/**
 * The catalog's export-control frame: the date its facts were checked against ({@code asOf}) and
 * the region codes a scenario may name (ISO 3166-1 alpha-2, with their names).
 */
public record ExportControls(String asOf, String note, Map<String, String> regions) {
    /** {@code code} as a known region code (upper case), or a BadInputException suggesting the nearest ones. */
    public String region(String code) {
        String upper = code.trim().toUpperCase(Locale.ROOT);
        if (!regions.containsKey(upper)) {
            throw new BadInputException(Ids.unknown("region", code, regions.keySet())
                    + "; known regions: " + String.join(", ", regions.keySet()) + " (exportControls.regions in gpus.yaml)");
        }
        return upper;
    }
}
