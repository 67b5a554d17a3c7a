package io.annotrail.bench;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * throughput-p99.png: left, cycles/s of ours and of the bare-SQL baseline against K; right, claim and submit p99
 * against K (ours solid, baseline dashed). K on a log2 axis (1, 4, 16, 64 are evenly spaced). Plain Java2D.
 */
final class Plot {

    record Series(String name, Color color, boolean dashed, List<double[]> points) {
    }

    private static final int W = 1400;
    private static final int H = 560;
    private static final Color OURS = new Color(0x1f77b4);
    private static final Color BASE = new Color(0x7f7f7f);
    private static final Color CLAIM = new Color(0x1f77b4);
    private static final Color SUBMIT = new Color(0xd62728);

    private Plot() {
    }

    static void write(Path file, List<ClaimLoop.Result> ours, List<SqlBaseline.Result> baseline, String subtitle)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        g.drawString("Annotrail claim → submit: throughput and p99 latency against concurrent annotators K", 30, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString(subtitle, 30, 50);

        List<double[]> oursCps = new ArrayList<>();
        List<double[]> claimP99 = new ArrayList<>();
        List<double[]> submitP99 = new ArrayList<>();
        for (ClaimLoop.Result r : ours) {
            oursCps.add(new double[]{r.annotators(), r.cyclesPerSecond()});
            claimP99.add(new double[]{r.annotators(), r.claim().p99Ms()});
            submitP99.add(new double[]{r.annotators(), r.submit().p99Ms()});
        }
        List<double[]> baseCps = new ArrayList<>();
        List<double[]> baseClaimP99 = new ArrayList<>();
        List<double[]> baseSubmitP99 = new ArrayList<>();
        for (SqlBaseline.Result r : baseline) {
            baseCps.add(new double[]{r.annotators(), r.cyclesPerSecond()});
            baseClaimP99.add(new double[]{r.annotators(), r.claim().p99Ms()});
            baseSubmitP99.add(new double[]{r.annotators(), r.submit().p99Ms()});
        }
        panel(g, 30, 70, W / 2 - 45, H - 100, "cycles/s (claim + submit)", "cycles/s",
                List.of(new Series("Annotrail (HTTP)", OURS, false, oursCps),
                        new Series("bare-SQL baseline (JDBC)", BASE, true, baseCps)));
        panel(g, W / 2 + 15, 70, W / 2 - 45, H - 100, "p99 latency", "ms",
                List.of(new Series("claim p99", CLAIM, false, claimP99),
                        new Series("submit p99", SUBMIT, false, submitP99),
                        new Series("baseline claim p99", CLAIM, true, baseClaimP99),
                        new Series("baseline submit p99", SUBMIT, true, baseSubmitP99)));
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    private static void panel(Graphics2D g, int x, int y, int w, int h, String title, String unit, List<Series> all) {
        int left = x + 70;
        int right = x + w - 10;
        int top = y + 30;
        int bottom = y + h - 45;
        double minK = Double.MAX_VALUE;
        double maxK = 0;
        double maxV = 0;
        for (Series s : all) {
            for (double[] p : s.points()) {
                minK = Math.min(minK, p[0]);
                maxK = Math.max(maxK, p[0]);
                maxV = Math.max(maxV, p[1]);
            }
        }
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        g.drawString(title, x + 10, y + 15);
        if (maxK == 0) {
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            g.drawString("no data", left + 20, top + 40);
            return;
        }
        double lo = log2(minK);
        double hi = Math.max(lo + 1, log2(maxK));
        double top2 = niceCeiling(maxV * 1.1);

        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setStroke(new BasicStroke(1f));
        for (int i = 0; i <= 5; i++) {
            double v = top2 * i / 5;
            int py = (int) Math.round(bottom - (bottom - top) * v / top2);
            g.setColor(new Color(0xe6e6e6));
            g.drawLine(left, py, right, py);
            g.setColor(Color.DARK_GRAY);
            String label = v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
            g.drawString(label, left - 8 - g.getFontMetrics().stringWidth(label), py + 4);
        }
        List<Double> ks = new ArrayList<>();
        for (Series s : all) {
            for (double[] p : s.points()) {
                if (!ks.contains(p[0])) {
                    ks.add(p[0]);
                }
            }
        }
        for (double k : ks) {
            int px = px(k, lo, hi, left, right);
            g.setColor(new Color(0xf0f0f0));
            g.drawLine(px, top, px, bottom);
            g.setColor(Color.DARK_GRAY);
            String label = String.format(Locale.ROOT, "%.0f", k);
            g.drawString(label, px - g.getFontMetrics().stringWidth(label) / 2, bottom + 16);
        }
        g.setColor(Color.BLACK);
        g.drawLine(left, bottom, right, bottom);
        g.drawLine(left, top, left, bottom);
        g.drawString("concurrent annotators K (log scale)", (left + right) / 2 - 100, bottom + 34);
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.rotate(-Math.PI / 2);
        rotated.drawString(unit, -(top + bottom) / 2 - 20, x + 15);
        rotated.dispose();

        int legendY = top + 8;
        for (Series s : all) {
            if (s.points().isEmpty()) {
                continue;
            }
            Stroke stroke = s.dashed()
                    ? new BasicStroke(2.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f, new float[]{8f, 6f}, 0f)
                    : new BasicStroke(2.6f);
            g.setColor(s.color());
            g.setStroke(stroke);
            Path2D path = new Path2D.Double();
            List<double[]> pts = new ArrayList<>(s.points());
            pts.sort((a, b) -> Double.compare(a[0], b[0]));
            for (int i = 0; i < pts.size(); i++) {
                double px = px(pts.get(i)[0], lo, hi, left, right);
                double py = bottom - (bottom - top) * pts.get(i)[1] / top2;
                if (i == 0) {
                    path.moveTo(px, py);
                } else {
                    path.lineTo(px, py);
                }
            }
            g.draw(path);
            g.setStroke(new BasicStroke(1f));
            for (double[] p : pts) {
                int px = px(p[0], lo, hi, left, right);
                int py = (int) Math.round(bottom - (bottom - top) * p[1] / top2);
                g.fillOval(px - 4, py - 4, 8, 8);
                String v = Table.format(p[1]);
                g.drawString(v, px + 6, py - 6);
            }
            // legend
            g.setStroke(stroke);
            g.drawLine(right - 210, legendY, right - 180, legendY);
            g.setStroke(new BasicStroke(1f));
            g.setColor(Color.BLACK);
            g.drawString(s.name(), right - 172, legendY + 4);
            legendY += 18;
        }
    }

    private static int px(double k, double lo, double hi, int left, int right) {
        int margin = 30;
        return (int) Math.round(left + margin + (right - left - 2 * margin) * (log2(k) - lo) / (hi - lo));
    }

    private static double log2(double v) {
        return Math.log(Math.max(v, 1e-9)) / Math.log(2);
    }

    private static double niceCeiling(double v) {
        if (v <= 0) {
            return 1;
        }
        double magnitude = Math.pow(10, Math.floor(Math.log10(v)));
        for (double step : new double[]{1, 2, 2.5, 5, 10}) {
            if (step * magnitude >= v) {
                return step * magnitude;
            }
        }
        return 10 * magnitude;
    }
}
