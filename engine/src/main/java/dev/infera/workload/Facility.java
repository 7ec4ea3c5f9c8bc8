package dev.infera.workload;

/**
 * What the site can take (--max-rack-kw, --racks, --cooling; scenario YAML maxRackKw, racks,
 * cooling). Null = not stated: the rules then judge nothing, and the facility plan uses the
 * catalog's rack defaults.
 *
 * @param maxRackKw most kW one rack may draw
 * @param racks     racks the site has for the fleet
 * @param cooling   "air" or "liquid": what the racks are cooled with
 */
public record Facility(Double maxRackKw, Integer racks, String cooling) {
    public static final Facility NONE = new Facility(null, null, null);

    public boolean isStated() {
        return maxRackKw != null || racks != null || cooling != null;
    }

    public boolean isAirCooled() {
        return "air".equals(cooling);
    }
}
