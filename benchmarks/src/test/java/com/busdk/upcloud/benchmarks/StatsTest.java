package com.busdk.upcloud.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class StatsTest {
  @Test
  void nearestRankPercentilesOfUnsortedValues() {
    long[] values = {50, 10, 40, 20, 30, 100, 90, 80, 70, 60};
    assertEquals(50, Stats.percentile(values, 50));
    assertEquals(100, Stats.percentile(values, 99));
    assertEquals(10, Stats.percentile(values, 1));
    assertEquals(50, values[0], "the input is left as it was");
  }

  @Test
  void rejectsNoValuesAndPercentilesOutOfRange() {
    assertThrows(IllegalArgumentException.class, () -> Stats.percentile(new long[0], 50));
    assertThrows(IllegalArgumentException.class, () -> Stats.percentile(new long[] {1}, 0));
  }

  @Test
  void figureLineCarriesRatioGoalAndVerdict() {
    Figure f =
        Figure.compared("1 dispatch", "p99", "12.00 ms", "10.00 ms", 1.2).withGoal("<= 1.2x", true);
    assertEquals(
        "[1 dispatch] p99: 12.00 ms vs baseline 10.00 ms = 1.20x (goal <= 1.2x: met)", f.line());
    assertEquals("| 1 dispatch | p99 | 12.00 ms | 10.00 ms | 1.20x | <= 1.2x | met |", f.row());
  }
}
