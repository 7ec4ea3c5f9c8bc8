package dev.infera.workload;

import dev.infera.BadInputException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The part of {@link ScenarioBuilder} that holds the site's racks and the procurement terms. CLI
 * flags, the scenario YAML and Groovy's {@code procurement { ... }} fill it with the same names and
 * checks; each setter rejects a value outside its range with a one-line message.
 */
public final class FacilityAndProcurement {
    private Double maxRackKw;
    private Integer racks;
    private String cooling;
    private Double years;
    private Double costOfCapital;
    private Double usdPerKwh;
    private Double pue;
    private Double hostingUsdPerKwMonth;
    private Double utilisation;
    private Double supportSharePerYear;
    private Double residualShare;
    private final List<String> priceKinds = new ArrayList<>();
    private final Map<String, Double> quotesUsd = new LinkedHashMap<>();
    private Double growthPerMonth;

    public FacilityAndProcurement maxRackKw(double kw) { maxRackKw = positive("kW per rack", kw); return this; }
    public FacilityAndProcurement racks(int n) {
        if (n < 1) throw new BadInputException("racks must be >= 1, got " + n);
        racks = n;
        return this;
    }
    public FacilityAndProcurement cooling(String value) {
        if (!"air".equals(value) && !"liquid".equals(value)) {
            throw new BadInputException("cooling must be air or liquid, got '" + value + "'");
        }
        cooling = value;
        return this;
    }
    public FacilityAndProcurement years(double value) {
        if (!(value > 0 && value <= 20)) throw new BadInputException("amortisation years must be in (0, 20], got " + value);
        years = value;
        return this;
    }
    public FacilityAndProcurement costOfCapital(double rate) { costOfCapital = share("cost of capital", rate, 1); return this; }
    public FacilityAndProcurement usdPerKwh(double usd) { usdPerKwh = share("$ per kWh", usd, 10); return this; }
    public FacilityAndProcurement pue(double value) {
        if (!(value >= 1 && value <= 5)) throw new BadInputException("PUE must be in [1, 5] (facility power over IT power), got " + value);
        pue = value;
        return this;
    }
    public FacilityAndProcurement hostingUsdPerKwMonth(double usd) { hostingUsdPerKwMonth = share("hosting $ per kW-month", usd, 10_000); return this; }
    public FacilityAndProcurement utilisation(double share) {
        if (!(share > 0 && share <= 1)) throw new BadInputException("utilisation must be in (0, 1], got " + share);
        utilisation = share;
        return this;
    }
    public FacilityAndProcurement supportSharePerYear(double share) { supportSharePerYear = share("support share per year", share, 1); return this; }
    public FacilityAndProcurement residualShare(double share) { residualShare = share("residual share", share, 1); return this; }
    public FacilityAndProcurement priceKinds(List<String> kinds) {
        for (String kind : kinds) {
            dev.infera.catalog.PriceKind k = dev.infera.catalog.PriceKind.byId(kind);
            if (k == null || !k.isRental()) {
                throw new BadInputException(dev.infera.text.Ids.unknown("rental price kind", kind, dev.infera.catalog.PriceKind.rentalIds()));
            }
        }
        priceKinds.addAll(kinds);
        return this;
    }
    /** A company quote: a server id's price per node, or a GPU id's price per GPU (checked against the catalog when advised). */
    public FacilityAndProcurement quote(String id, double usd) { quotesUsd.put(id, positive("quote for " + id, usd)); return this; }
    public FacilityAndProcurement growthPerMonth(double share) {
        if (!(share >= 0 && share <= 2)) throw new BadInputException("growth per month must be in [0, 2] (0.05 = 5 % a month), got " + share);
        growthPerMonth = share;
        return this;
    }
    /** Growth per quarter, as the equivalent monthly rate: (1 + q)^(1/3) - 1. */
    public FacilityAndProcurement growthPerQuarter(double share) {
        if (!(share >= 0 && share <= 8)) throw new BadInputException("growth per quarter must be in [0, 8] (0.15 = 15 % a quarter), got " + share);
        return growthPerMonth(Math.pow(1 + share, 1.0 / 3) - 1);
    }

    public Facility facility() {
        return new Facility(maxRackKw, racks, cooling);
    }

    public Procurement procurement() {
        return new Procurement(years, costOfCapital, usdPerKwh, pue, hostingUsdPerKwMonth, utilisation, supportSharePerYear,
                residualShare, List.copyOf(priceKinds), Map.copyOf(quotesUsd), growthPerMonth);
    }

    void copy(Facility f, Procurement p) {
        maxRackKw = f.maxRackKw();
        racks = f.racks();
        cooling = f.cooling();
        years = p.years();
        costOfCapital = p.costOfCapital();
        usdPerKwh = p.usdPerKwh();
        pue = p.pue();
        hostingUsdPerKwMonth = p.hostingUsdPerKwMonth();
        utilisation = p.utilisation();
        supportSharePerYear = p.supportSharePerYear();
        residualShare = p.residualShare();
        priceKinds.addAll(p.priceKinds());
        quotesUsd.putAll(p.quotesUsd());
        growthPerMonth = p.growthPerMonth();
    }

    private static double positive(String what, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new BadInputException(what + " must be > 0, got " + value);
        }
        return value;
    }

    private static double share(String what, double value, double most) {
        if (!(value >= 0 && value <= most)) {
            throw new BadInputException(what + " must be in [0, " + dev.infera.text.Numbers.fmt(most) + "], got " + value);
        }
        return value;
    }
}
