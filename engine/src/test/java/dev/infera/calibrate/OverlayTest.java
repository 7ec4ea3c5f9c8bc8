package dev.infera.calibrate;

import dev.infera.catalog.Catalog;
import dev.infera.catalog.Efficiency;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What calibrate writes, estimates read back: the overlay carries every fitted factor, the optional ones included. */
class OverlayTest {
    @Test
    void anOverlayWithAnAttentionMbuAndALayerOverheadReadsBackAsWrittenAndItsFamiliesInheritThem(@TempDir Path dir) throws IOException {
        Path catalog = dir.resolve("catalog");
        Files.createDirectories(catalog);
        try (Stream<Path> files = Files.list(Path.of("catalog"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, catalog.resolve(f.getFileName()));
            }
        }
        Files.delete(catalog.resolve(Overlay.FILE_NAME));
        Efficiency base = new Efficiency(0.8, 0.6, 0.3, 1.5, 8).withAttentionMbu(0.55).withLayerOverheadUs(12.5);
        Efficiency hopper = base.with(0.75, null, null, null, null);
        Fitter.Profile profile = new Fitter.Profile("trtllm", base, Map.of("hopper-hbm", hopper), Map.of("hopper-hbm", 7), 7, List.of("x.csv"));
        Overlay.write(catalog.resolve(Overlay.FILE_NAME), List.of(), Map.of("trtllm", profile), List.of(), List.of());

        Catalog read = Catalog.load(catalog);
        Efficiency onH100 = read.engine("trtllm").efficiencyOn(read.gpu("h100-sxm-80g"));
        assertEquals(0.75, onH100.decodeMbu());
        assertEquals(0.55, onH100.attentionMbu());
        assertEquals(12.5, onH100.layerOverheadUs());
        Efficiency onL40s = read.engine("trtllm").efficiencyOn(read.gpu("l40s-48g"));
        assertEquals(base.kvReadMbu(), onL40s.kvReadMbu());
        assertEquals(0.8, onL40s.decodeMbu());
    }
}
