package dev.infera.catalog;

/** An indicative rental price for one GPU-hour, with where it came from. */
public record Price(String gpu, double usdPerGpuHour, String kind, String source, String asOf) {}
