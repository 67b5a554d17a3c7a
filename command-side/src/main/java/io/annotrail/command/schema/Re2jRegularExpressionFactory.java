package io.annotrail.command.schema;

import com.google.re2j.Pattern;
import com.networknt.schema.regex.RegularExpression;
import com.networknt.schema.regex.RegularExpressionFactory;

/**
 * Regular expressions for {@code pattern} and {@code patternProperties} evaluated by RE2J, whose matching
 * time is linear in the input: a schema author cannot make response validation hang (no ReDoS).
 * JSON Schema patterns are unanchored, hence {@code find()}. Linear is still input length times compiled size,
 * so each match is charged to the response's {@link ValidationBudget} before it runs.
 */
final class Re2jRegularExpressionFactory implements RegularExpressionFactory {

    static final Re2jRegularExpressionFactory INSTANCE = new Re2jRegularExpressionFactory();

    private Re2jRegularExpressionFactory() {
    }

    @Override
    public RegularExpression getRegularExpression(String regex) {
        Pattern pattern = Pattern.compile(regex);
        long size = PatternCost.of(regex).size();
        return value -> {
            ValidationBudget.match(size, value.length());
            return pattern.matcher(value).find();
        };
    }
}
