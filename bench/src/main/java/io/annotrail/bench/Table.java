package io.annotrail.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A plain-text table for stdout: numbers right-aligned, text left-aligned. */
final class Table {

    private final String title;
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    Table(String title, String... headers) {
        this.title = title;
        this.headers = List.of(headers);
    }

    Table row(Object... cells) {
        List<String> row = new ArrayList<>();
        for (Object c : cells) {
            row.add(format(c));
        }
        rows.add(row);
        return this;
    }

    Table note(String note) {
        notes.add(note);
        return this;
    }

    static String format(Object c) {
        if (c == null) {
            return "-";
        }
        if (c instanceof Double d) {
            double a = Math.abs(d);
            if (a >= 1000) {
                return String.format(Locale.ROOT, "%,.0f", d);
            }
            if (a >= 100) {
                return String.format(Locale.ROOT, "%.1f", d);
            }
            return String.format(Locale.ROOT, "%.2f", d);
        }
        if (c instanceof Long || c instanceof Integer) {
            return String.format(Locale.ROOT, "%,d", ((Number) c).longValue());
        }
        return c.toString();
    }

    void print(PrintStream out) {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (List<String> r : rows) {
                if (i < r.size()) {
                    widths[i] = Math.max(widths[i], r.get(i).length());
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append('\n').append("== ").append(title).append(" ==").append('\n');
        line(sb, headers, widths, true);
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < widths.length; i++) {
            rule.append(i == 0 ? "" : "-+-").append("-".repeat(widths[i]));
        }
        sb.append(rule).append('\n');
        for (List<String> r : rows) {
            line(sb, r, widths, false);
        }
        for (String n : notes) {
            sb.append("  ").append(n).append('\n');
        }
        out.print(sb);
        out.flush();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] widths, boolean header) {
        for (int i = 0; i < widths.length; i++) {
            String c = i < cells.size() ? cells.get(i) : "";
            boolean numeric = !header && !c.isEmpty() && (Character.isDigit(c.charAt(0)) || c.charAt(0) == '-'
                    && c.length() > 1);
            sb.append(i == 0 ? "" : " | ");
            sb.append(numeric ? " ".repeat(widths[i] - c.length()) + c : c + " ".repeat(widths[i] - c.length()));
        }
        sb.append('\n');
    }
}
