package dev.ledger.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

/** The README's example is the code the build compiles: ClientExample.java, character for character. */
class ReadmeExampleTest
{
    @Test
    void readmeShowsTheCompiledExample() throws Exception
    {
        final String readme = Files.readString(Path.of("README.md"));
        final String example = Files.readString(Path.of("src/test/java/dev/ledger/client/ClientExample.java"));
        final int start = readme.indexOf("```java\n") + "```java\n".length();
        final int end = readme.indexOf("```", start);
        assertThat(start).isGreaterThan("```java\n".length() - 1);
        assertThat(readme.substring(start, end)).isEqualTo(example);
    }
}
