package dev.dac.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IntegrationPackagesTest {

    private static IntegrationPackages.SemVer v(String text) {
        return IntegrationPackages.SemVer.parse(text);
    }

    @Test
    void kibanaRangesHoldAsThePackageRegistryReadsThem() {
        assertThat(IntegrationPackages.satisfies(v("8.19.4"), "^8.19.4 || ^9.1.4")).isTrue();
        assertThat(IntegrationPackages.satisfies(v("9.1.0"), "^8.19.4 || ^9.1.4")).isFalse();
        assertThat(IntegrationPackages.satisfies(v("8.17.5"), "~8.16.6 || ~8.17.4 || ^8.18.0")).isTrue();
        assertThat(IntegrationPackages.satisfies(v("8.18.0"), "~8.17.4")).isFalse();
        assertThat(IntegrationPackages.satisfies(v("7.17.0"), ">=7.16.0 <8.0.0")).isTrue();
    }

    @Test
    void theNewestMajorIsTriedFirstAndInItTheOldestVersion() {
        IntegrationPackages table = IntegrationPackages.parse("""
                # test table
                p\t1.0.0\t^8.0.0\ta
                p\t2.0.0-preview1\t^8.0.0\ta
                p\t2.1.0\t^8.12.0\ta,b
                p\t2.0.0\t^8.10.0\ta
                p\t3.0.0\t^9.0.0\ta
                """);
        assertThat(table.leastCompatible("p", v("8.11.0")).orElseThrow().text()).isEqualTo("2.0.0-preview1");
        assertThat(table.leastCompatible("p", v("9.1.0")).orElseThrow().text()).isEqualTo("3.0.0");
        assertThat(table.leastCompatible("p", v("7.17.0"))).isEmpty();
        assertThat(table.leastCompatible("absent", v("8.19.0"))).isEmpty();
    }
}
