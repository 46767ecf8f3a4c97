package dev.signet.common.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signet.common.testing.PostgresTestResource;
import dev.signet.common.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** Two services starting at once against an empty database must both come up. */
class ConcurrentMigrationTest {

  @Test
  void twoConcurrentMigrationsAgainstAnEmptyDatabaseBothSucceed() throws Exception {
    TestDatabase db = PostgresTestResource.database();
    String jdbc = "jdbc:" + db.reactiveUrl();
    Callable<Integer> migrate =
        () ->
            Flyway.configure()
                .dataSource(jdbc, db.username(), db.password())
                .schemas("signet")
                .defaultSchema("signet")
                .createSchemas(true)
                .locations("classpath:db/migration")
                .load()
                .migrate()
                .migrationsExecuted;
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> runs = pool.invokeAll(List.of(migrate, migrate));
      int executed = 0;
      for (Future<Integer> run : runs) {
        executed += run.get();
      }
      assertEquals(
          sqlMigrationsApplied(db), executed, "each migration ran exactly once across both starts");
    } finally {
      pool.shutdownNow();
    }
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'signet'"
                    + " AND table_name IN ('signing_keys','refresh_tokens','audit_events','outbox',"
                    + "'service_accounts','certificates','delegation_grants')")) {
      rs.next();
      assertEquals(7, rs.getInt(1));
    }
  }

  private static int sqlMigrationsApplied(TestDatabase db) throws Exception {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM signet.flyway_schema_history WHERE type = 'SQL'")) {
      rs.next();
      return rs.getInt(1);
    }
  }
}
