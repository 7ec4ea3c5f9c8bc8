package dev.infera.report;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Renders the HTML report in headless Chromium: no console errors, a screenshot of sane size.
 * Skipped, visibly, where /usr/bin/chromium is missing (CI installs the Debian package chromium).
 */
class ReportHtmlChromiumTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    /** Chromium logs page console messages as "CONSOLE(line)" or "CONSOLE:line" depending on the version. */
    static final Pattern CONSOLE = Pattern.compile("CONSOLE[(:]");

    @BeforeAll
    static void needsChromium() {
        if (!Files.isExecutable(CHROMIUM)) {
            System.err.println("SKIPPED ReportHtmlChromiumTest: " + CHROMIUM + " not found (apt-get install -y chromium)");
        }
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM), CHROMIUM + " not found: install the Debian package chromium to run this test");
    }

    @Test
    void htmlRendersWithoutConsoleErrorsAtASaneSize(@TempDir Path dir) throws Exception {
        // First prove the check can see an error, so a silent pass means a clean page.
        Path broken = dir.resolve("broken.html");
        Files.writeString(broken, "<html><body><script>console.error('boom'); noSuchFunction();</script></body></html>");
        assertFalse(consoleLines(screenshot(dir, broken, dir.resolve("broken.png"))).isEmpty(), "the console check sees errors");

        Path html = dir.resolve("report.html");
        Reports.write(ReportFixture.ADVISOR, ReportFixture.ADVICE, Format.HTML, html, ReportFixture.options());
        Path png = dir.resolve("report.png");
        List<String> console = consoleLines(screenshot(dir, html, png));
        assertEquals(List.of(), console, "console messages");
        assertTrue(Files.size(png) > 50_000, "a screenshot with content, got " + Files.size(png) + " bytes");
        int[] size = pngSize(png);
        assertEquals(1280, size[0], "screenshot width");
        assertEquals(2000, size[1], "screenshot height");
    }

    /** Runs Chromium headless with a fresh profile; returns its stderr log. */
    private static String screenshot(Path dir, Path page, Path png) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(dir, "chromium-profile");
        Path log = dir.resolve(png.getFileName() + ".log");
        Process p = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--user-data-dir=" + profile,
                "--enable-logging=stderr", "--v=0", "--screenshot=" + png, "--window-size=1280,2000", page.toUri().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 120 s");
        }
        assertTrue(Files.isRegularFile(png), "chromium wrote no screenshot; log:\n" + Files.readString(log));
        return Files.readString(log);
    }

    private static List<String> consoleLines(String log) {
        List<String> lines = new ArrayList<>();
        log.lines().filter(l -> CONSOLE.matcher(l).find()).forEach(lines::add);
        return lines;
    }

    /** Width and height from the PNG header (IHDR). */
    private static int[] pngSize(Path png) throws IOException {
        try (InputStream in = Files.newInputStream(png); DataInputStream data = new DataInputStream(in)) {
            data.skipNBytes(16);
            return new int[] {data.readInt(), data.readInt()};
        }
    }
}
