package com.busdk.upcloud.archfixtures.clean.journal;

import com.busdk.upcloud.archfixtures.clean.ports.Servers;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import org.sqlite.SQLiteConfig;

public final class SqlJournal implements Servers {
  private final Connection connection;

  public SqlJournal(Connection connection) {
    this.connection = connection;
  }

  public static SQLiteConfig config() {
    return new SQLiteConfig();
  }

  @Override
  public String state(String name, Duration timeout) {
    try {
      return connection.getCatalog();
    } catch (SQLException e) {
      return e.getMessage();
    }
  }
}
