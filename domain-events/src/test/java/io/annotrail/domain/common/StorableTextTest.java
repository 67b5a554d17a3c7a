package io.annotrail.domain.common;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

class StorableTextTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void ordinaryTextWithPairedSurrogatesIsStorable() {
        assertThat(StorableText.problem("naïve 😀 text\t\n")).isNull();
    }

    @Test
    void aNulCharacterIsNotStorable() {
        assertThat(StorableText.problem("a\u0000b")).contains("U+0000");
    }

    @Test
    void aLoneHighOrLowSurrogateIsNotStorable() {
        assertThat(StorableText.problem("a\uD800b")).contains("U+D800");
        assertThat(StorableText.problem("a\uDC00")).contains("U+DC00");
        assertThat(StorableText.problem("\uD83D")).contains("U+D83D");
    }

    @Test
    void theViolationNamesTheJsonPointerOfTheValueInsideTheTree() {
        var node = JSON.readTree("{\"a\":{\"b/c\":[\"ok\",\"x\\u0000\"]}}");
        assertThat(StorableText.firstProblem(node, "/data")).isEqualTo(
                new Violation("/data/a/b~1c/1", "contains U+0000 (NUL), which cannot be stored"));
    }

    @Test
    void anObjectKeyIsCheckedLikeAValue() {
        var node = JSON.readTree("{\"k\\ud800\":1}");
        assertThat(StorableText.firstProblem(node, "").path()).isEqualTo("/k\uD800");
    }

    @Test
    void cleaningDropsNulReplacesLoneSurrogatesAndCutsWithoutSplittingAPair() {
        assertThat(StorableText.clean("a\u0000b\uD800c", 100)).isEqualTo("ab\uFFFDc");
        assertThat(StorableText.clean("ab😀", 3)).isEqualTo("ab");
        assertThat(StorableText.clean("x".repeat(10_000), 4000)).hasSize(4000);
    }
}
