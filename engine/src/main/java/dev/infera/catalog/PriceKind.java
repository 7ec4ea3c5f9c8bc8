package dev.infera.catalog;

import java.util.Locale;

/**
 * The kinds of price a procurement compares. prices.yaml names them in words ("cloud on-demand",
 * "cloud spot") or, in its dated rows, as ids (on-demand, reserved-1y, reserved-3y, spot,
 * purchase); {@link #of} reads both.
 */
public enum PriceKind {
    ON_DEMAND("on-demand", true),
    RESERVED_1Y("reserved-1y", true),
    RESERVED_3Y("reserved-3y", true),
    SPOT("spot", true),
    /** A price computed from a purchase (prices.yaml's "amortised purchase"), or a purchase row: not a rental. */
    PURCHASE("purchase", false);

    private final String id;
    private final boolean rental;

    PriceKind(String id, boolean rental) {
        this.id = id;
        this.rental = rental;
    }

    public String id() { return id; }

    /** Whether the price is what renting costs per hour (on-demand, reserved, spot). */
    public boolean isRental() { return rental; }

    /** The kind a prices.yaml {@code kind} names, in words or as an id; null when it names none of them (or is absent). */
    public static PriceKind of(String kind) {
        if (kind == null) {
            return null;
        }
        String k = kind.toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
        if (k.contains("spot")) return SPOT;
        if (k.contains("reserved") || k.contains("committed")) return k.contains("3") ? RESERVED_3Y : RESERVED_1Y;
        if (k.contains("purchase")) return PURCHASE;
        if (k.contains("on-demand") || k.contains("ondemand")) return ON_DEMAND;
        return null;
    }

    /** Every kind's id, as prices.yaml may write it. */
    public static java.util.List<String> ids() {
        return java.util.stream.Stream.of(values()).map(PriceKind::id).toList();
    }

    /**
     * The kind {@code --price} names: on-demand, reserved (1 year), reserved-1y, reserved-3y, spot,
     * or owned (the amortised purchase rows); null for anything else.
     */
    public static PriceKind ofChoice(String choice) {
        return switch (choice == null ? "" : choice.toLowerCase(Locale.ROOT)) {
            case "on-demand" -> ON_DEMAND;
            case "reserved", "reserved-1y" -> RESERVED_1Y;
            case "reserved-3y" -> RESERVED_3Y;
            case "spot" -> SPOT;
            case "owned", "purchase" -> PURCHASE;
            default -> null;
        };
    }

    /** The words {@link #ofChoice} reads, as --price and a scenario's price field take them. */
    public static java.util.List<String> choices() {
        return java.util.List.of("on-demand", "reserved", "reserved-1y", "reserved-3y", "spot", "owned");
    }

    /** The ids of the rental kinds, as a scenario names them. */
    public static java.util.List<String> rentalIds() {
        return java.util.stream.Stream.of(values()).filter(PriceKind::isRental).map(PriceKind::id).toList();
    }

    /** The kind with id {@code id} (on-demand, reserved-1y, reserved-3y, spot), or null. */
    public static PriceKind byId(String id) {
        for (PriceKind kind : values()) {
            if (kind.id.equals(id)) {
                return kind;
            }
        }
        return null;
    }
}
