package dev.infera.catalog;

import dev.infera.BadInputException;
import dev.infera.text.Ids;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The catalog's export-control frame: the date its facts were checked against ({@code asOf}), the
 * region codes a scenario may name (ISO 3166-1 alpha-2, with their names) and the country groups of
 * the US EAR (Supplement No. 1 to Part 740, e.g. D:5) with those of their members the catalog's
 * sources name. A scenario may name a code or a group; a GPU fact may name either, and a fact for a
 * group holds for the group and for each of its listed members.
 */
public record ExportControls(String asOf, String note, Map<String, String> regions, Map<String, Group> groups) implements java.io.Serializable {
    /** A country group, the members of it among the catalog's regions that {@code source} names. */
    public record Group(List<String> members, String source) implements java.io.Serializable {}

    /** {@code code} as a known region code or group (upper case), or a BadInputException suggesting the nearest ones. */
    public String region(String code) {
        String upper = code.trim().toUpperCase(Locale.ROOT);
        if (regions.containsKey(upper) || groups.containsKey(upper)) {
            return upper;
        }
        List<String> known = new ArrayList<>(regions.keySet());
        known.addAll(groups.keySet());
        throw new BadInputException(Ids.unknown("region", code, known)
                + "; known regions: " + String.join(", ", regions.keySet())
                + (groups.isEmpty() ? "" : "; groups: " + String.join(", ", groups.keySet()))
                + " (exportControls in gpus.yaml)");
    }

    /** The regions a fact for {@code codeOrGroup} covers: the code itself, or the group and its members. */
    public List<String> covered(String codeOrGroup) {
        Group group = groups.get(codeOrGroup);
        if (group == null) {
            return List.of(codeOrGroup);
        }
        List<String> all = new ArrayList<>();
        all.add(codeOrGroup);
        all.addAll(group.members());
        return all;
    }
}
