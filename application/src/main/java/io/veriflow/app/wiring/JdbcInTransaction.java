package io.veriflow.app.wiring;

import io.micronaut.transaction.TransactionOperations;
import io.veriflow.app.usecase.InTransaction;
import java.sql.Connection;
import java.util.function.Supplier;

/** One JDBC transaction on the default datasource, joined by every repository call made inside it. */
final class JdbcInTransaction implements InTransaction {

    private final TransactionOperations<Connection> transactions;

    JdbcInTransaction(TransactionOperations<Connection> transactions) {
        this.transactions = transactions;
    }

    @Override
    public <T> T run(Supplier<T> work) {
        return transactions.executeWrite(status -> work.get());
    }
}
