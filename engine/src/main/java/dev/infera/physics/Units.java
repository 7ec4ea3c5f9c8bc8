package dev.infera.physics;

/** Unit constants. Internally everything is bytes, FLOPs and seconds; GB means 10^9 bytes. */
public final class Units {
    public static final double GB = 1e9;
    public static final double MB = 1e6;
    public static final double GIB = 1024.0 * 1024 * 1024;
    public static final double BILLION = 1e9;
    public static final double TERA = 1e12;
    public static final double MS = 1e-3;
    public static final double US = 1e-6;
    /** KV elements and activations are 16-bit unless a KV format says otherwise. */
    public static final double BYTES_FP16 = 2;

    private Units() {}
}
