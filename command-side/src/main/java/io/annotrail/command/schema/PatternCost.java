package io.annotrail.command.schema;

/**
 * What a regular expression costs RE2J before it has to be compiled: RE2J expands every counted repetition
 * ({@code x{n,m}} becomes up to m copies of x), so {@code (((a{100}){100}){100}){10}} — 26 characters — compiles to
 * ten million instructions, which takes seconds and, one level deeper, the whole heap. Matching is linear in the
 * input but also proportional to the compiled size, so the size is what a submit pays per character.
 * <p>
 * This is a small scan of RE2 syntax, not a second regex engine: it only has to find groups, alternatives and
 * quantifiers. It over-estimates rather than under-estimates (a stray {@code {} that RE2J would read as a literal
 * is read the same way here; stacked quantifiers multiply), and RE2J still compiles the pattern afterwards to check
 * the syntax, so a pattern it cannot parse is refused by RE2J, not accepted because of this scan.
 *
 * @param size          the estimated number of compiled instructions (saturates at {@link Long#MAX_VALUE})
 * @param repetition    the largest product of nested counted repetitions ({@code (a{10}){20}} is 200)
 * @param largestCount  the largest single repeat count ({@code {n,m}} counts max(n, m))
 */
record PatternCost(long size, long repetition, long largestCount) {

    /** Scans {@code regex}; never throws, whatever the input. */
    static PatternCost of(String regex) {
        Scanner scanner = new Scanner(regex);
        Cost cost = scanner.alternation();
        // A ')' without its '(' ends the scan early; RE2J refuses such a pattern anyway. Keep scanning the rest so
        // its cost is counted all the same.
        while (scanner.pos < regex.length()) {
            scanner.pos++;
            cost = cost.then(scanner.alternation());
        }
        return new PatternCost(cost.size, cost.repetition, scanner.largestCount);
    }

    private record Cost(long size, long repetition) {
        static final Cost EMPTY = new Cost(0, 1);
        static final Cost ONE = new Cost(1, 1);

        Cost then(Cost next) {
            return new Cost(add(size, next.size), Math.max(repetition, next.repetition));
        }
    }

    private static final class Scanner {
        private final String text;
        private int pos;
        private long largestCount;

        Scanner(String text) {
            this.text = text;
        }

        // alternation := sequence ('|' sequence)*
        Cost alternation() {
            Cost cost = sequence();
            while (pos < text.length() && text.charAt(pos) == '|') {
                pos++;
                Cost next = sequence();
                cost = new Cost(add(add(cost.size, next.size), 1), Math.max(cost.repetition, next.repetition));
            }
            return cost;
        }

        // sequence := (atom quantifier*)*, up to '|' or ')'
        Cost sequence() {
            Cost cost = Cost.EMPTY;
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c == '|' || c == ')') {
                    return cost;
                }
                Cost atom = atom();
                while (pos < text.length()) {
                    Cost quantified = quantifier(atom);
                    if (quantified == null) {
                        break;
                    }
                    atom = quantified;
                }
                cost = cost.then(atom);
            }
            return cost;
        }

        private Cost atom() {
            char c = text.charAt(pos);
            switch (c) {
                case '(' -> {
                    return group();
                }
                case '[' -> {
                    skipClass();
                    return Cost.ONE;
                }
                case '\\' -> {
                    return escape();
                }
                default -> {
                    pos++;
                    return Cost.ONE;
                }
            }
        }

        private Cost group() {
            pos++;
            if (pos < text.length() && text.charAt(pos) == '?') {
                // (?flags) sets flags and matches nothing; (?flags:re), (?P<name>re) and (?<name>re) are groups
                int close = pos;
                while (close < text.length() && ":)<".indexOf(text.charAt(close)) < 0) {
                    close++;
                }
                if (close < text.length() && text.charAt(close) == ')') {
                    pos = close + 1;
                    return Cost.EMPTY;
                }
                if (close < text.length() && text.charAt(close) == '<') {
                    int end = text.indexOf('>', close);
                    pos = end < 0 ? text.length() : end + 1;
                } else {
                    pos = Math.min(close + 1, text.length());
                }
            }
            Cost inner = alternation();
            if (pos < text.length() && text.charAt(pos) == ')') {
                pos++;
            }
            // a capture costs two instructions (start and end of the capture)
            return new Cost(add(inner.size, 2), inner.repetition);
        }

        private void skipClass() {
            pos++;
            if (pos < text.length() && text.charAt(pos) == '^') {
                pos++;
            }
            if (pos < text.length() && text.charAt(pos) == ']') {
                pos++;
            }
            while (pos < text.length() && text.charAt(pos) != ']') {
                if (text.startsWith("[:", pos)) {
                    int end = text.indexOf(":]", pos + 2);
                    pos = end < 0 ? pos + 1 : end + 2;
                } else if (text.charAt(pos) == '\\') {
                    skipEscapeBody();
                } else {
                    pos++;
                }
            }
            pos = Math.min(pos + 1, text.length());
        }

        private Cost escape() {
            if (text.startsWith("\\Q", pos)) {
                int end = text.indexOf("\\E", pos + 2);
                int stop = end < 0 ? text.length() : end;
                long literal = stop - (pos + 2);
                pos = end < 0 ? text.length() : end + 2;
                return new Cost(Math.max(literal, 0), 1);
            }
            skipEscapeBody();
            return Cost.ONE;
        }

        // at a backslash: \p{Greek}, \x{10FFFF} and friends run to their closing brace
        private void skipEscapeBody() {
            pos++;
            if (pos >= text.length()) {
                return;
            }
            char kind = text.charAt(pos);
            pos++;
            if ((kind == 'p' || kind == 'P' || kind == 'x') && pos < text.length() && text.charAt(pos) == '{') {
                int end = text.indexOf('}', pos);
                pos = end < 0 ? text.length() : end + 1;
            } else if (kind == 'p' || kind == 'P') {
                pos = Math.min(pos + 1, text.length());
            }
        }

        // one quantifier after an atom, or null when none follows
        private Cost quantifier(Cost atom) {
            char c = text.charAt(pos);
            Cost result;
            if (c == '*' || c == '+' || c == '?') {
                pos++;
                result = new Cost(add(atom.size, 1), atom.repetition);
            } else if (c == '{') {
                long[] counts = counts();
                if (counts == null) {
                    return null;
                }
                long min = counts[0];
                long max = counts[1];
                long copies = Math.max(1, max < 0 ? min : Math.max(min, max));
                largestCount = Math.max(largestCount, copies);
                long size = multiply(atom.size, copies);
                result = new Cost(max < 0 ? add(size, 1) : size, multiply(atom.repetition, copies));
            } else {
                return null;
            }
            if (pos < text.length() && text.charAt(pos) == '?') {
                pos++;
            }
            return result;
        }

        // {n}, {n,} or {n,m} at pos; moves past it and answers {n, m} (m = -1 when open), or null for a literal '{'
        private long[] counts() {
            int at = pos + 1;
            int digits = at;
            while (at < text.length() && Character.isDigit(text.charAt(at))) {
                at++;
            }
            if (at == digits) {
                return null;
            }
            long min = number(digits, at);
            long max = min;
            if (at < text.length() && text.charAt(at) == ',') {
                at++;
                int start = at;
                while (at < text.length() && Character.isDigit(text.charAt(at))) {
                    at++;
                }
                max = at == start ? -1 : number(start, at);
            }
            if (at >= text.length() || text.charAt(at) != '}') {
                return null;
            }
            pos = at + 1;
            return new long[] {min, max};
        }

        // saturates instead of overflowing: "{99999999999999999999}" must be refused, not wrapped around
        private long number(int from, int to) {
            long value = 0;
            for (int i = from; i < to; i++) {
                value = add(multiply(value, 10), text.charAt(i) - '0');
            }
            return value;
        }
    }

    private static long add(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    private static long multiply(long a, long b) {
        return a != 0 && b > Long.MAX_VALUE / a ? Long.MAX_VALUE : a * b;
    }
}
