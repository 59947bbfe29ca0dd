package org.namelog.observability;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricNamesTest {

    @Test
    void keepsMetricNamesAndDropsFunctionsLabelsRangesAndKeywords() {
        assertThat(MetricNames.readBy("histogram_quantile(0.99, sum by (le, route) "
                + "(rate(http_server_requests_seconds_bucket{status=~\"5..\", route!=\"x_y\"}[$__rate_interval])))"))
                .containsExactly("http_server_requests_seconds_bucket");
        assertThat(MetricNames.readBy("sum by (job) (increase(a_total[5m])) > 0 and on () "
                + "(max(changes(b_index[15m] offset 1h)) > 0) unless ignoring(x) c"))
                .containsExactly("a_total", "b_index", "c");
        assertThat(MetricNames.readBy("x / (x + y) * 1e3 > bool 0.5")).containsExactly("x", "y");
        assertThat(MetricNames.readBy("sum(a) without (instance) or vector(0)")).containsExactly("a");
    }

    @Test
    void readsSampleNamesFromAScrape() {
        String scrape = "# HELP t_seconds a timer\n# TYPE t_seconds histogram\n"
                + "t_seconds_bucket{le=\"0.1\"} 1\nt_seconds_count 1\nup 1\n";
        assertThat(MetricNames.exposedBy(scrape)).containsExactly("t_seconds_bucket", "t_seconds_count", "up");
    }
}
