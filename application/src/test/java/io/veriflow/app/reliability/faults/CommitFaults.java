package io.veriflow.app.reliability.faults;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.core.order.Ordered;
import jakarta.inject.Singleton;
import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * TEST ONLY ({@value #ENABLED}{@code =true}): faults in the commits of the service's own transactions. The pooled
 * {@link DataSource} is wrapped as it is created, so every connection the transaction manager and the repositories
 * use is a wrapper that remembers the SQL prepared or executed since the last commit or rollback. A test arms a
 * {@link Fault}: the next commit of a transaction that ran SQL matching its pattern then either
 *
 * <ul>
 *   <li>{@link Outcome#COMMITTED_THEN_ERROR}: really commits, then throws an {@link SQLException}, as when the
 *       connection drops after the server committed but before the client read the answer; or</li>
 *   <li>{@link Outcome#ROLLED_BACK_THEN_ERROR}: rolls back instead, then throws, as when the server never got the
 *       commit.</li>
 * </ul>
 *
 * <p>The wrapper must be the innermost one: Micronaut Data wraps the same bean in its own
 * {@code DelegatingDataSource}, which the transaction manager unwraps to reach the pool; this listener runs first
 * ({@link #getOrder()}), so what it unwraps to is this wrapper. {@link Fault#fired()} proves a fault really struck.
 */
@Singleton
@Requires(property = CommitFaults.ENABLED, value = "true")
public final class CommitFaults implements BeanCreatedEventListener<DataSource>, Ordered {

    public static final String ENABLED = "veriflow.test.commit-faults";

    /** What a faulted commit does before the caller sees the error. */
    public enum Outcome {
        COMMITTED_THEN_ERROR, ROLLED_BACK_THEN_ERROR
    }

    /** An armed fault: strikes the next {@code times} commits of transactions that ran SQL matching {@code sql}. */
    public static final class Fault {
        private final Pattern sql;
        private final Outcome outcome;
        private final AtomicInteger left;
        private final AtomicInteger fired = new AtomicInteger();

        private Fault(Pattern sql, Outcome outcome, int times) {
            this.sql = sql;
            this.outcome = outcome;
            this.left = new AtomicInteger(times);
        }

        /** How often it struck. */
        public int fired() {
            return fired.get();
        }

        private boolean strikes(List<String> statements) {
            if (left.get() <= 0 || statements.stream().noneMatch(text -> sql.matcher(text).find())) {
                return false;
            }
            if (left.getAndDecrement() <= 0) {
                return false;
            }
            fired.incrementAndGet();
            return true;
        }

        @Override
        public String toString() {
            return outcome + " on /" + sql.pattern() + "/ (fired " + fired + ")";
        }
    }

    private final List<Fault> armed = new CopyOnWriteArrayList<>();
    private final AtomicInteger wrapped = new AtomicInteger();

    /** Arms a fault for the next commit of a transaction that ran SQL matching {@code sql} (case-insensitive). */
    public Fault arm(String sql, Outcome outcome) {
        Fault fault = new Fault(Pattern.compile(sql, Pattern.CASE_INSENSITIVE | Pattern.DOTALL), outcome, 1);
        armed.add(fault);
        return fault;
    }

    /** Removes every armed fault. */
    public void disarm() {
        armed.clear();
    }

    /** How many data sources were wrapped (one per context: the default datasource). */
    public int wrappedDataSources() {
        return wrapped.get();
    }

    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE;
    }

    @Override
    public DataSource onCreated(BeanCreatedEvent<DataSource> event) {
        wrapped.incrementAndGet();
        return new FaultyDataSource(event.getBean());
    }

    private Connection wrap(Connection connection) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                new TrackingConnection(connection));
    }

    /** Remembers the SQL of the current transaction and applies armed faults to its commit. */
    private final class TrackingConnection implements InvocationHandler {
        private final Connection target;
        private final List<String> statements = new ArrayList<>();

        TrackingConnection(Connection target) {
            this.target = target;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (args != null && args.length > 0 && args[0] instanceof String sql
                    && (name.startsWith("prepare") || name.equals("nativeSQL"))) {
                remember(sql);
            }
            switch (name) {
                case "commit" -> {
                    commit();
                    return null;
                }
                case "rollback" -> forget();
                case "close" -> forget();
                case "unwrap" -> {
                    if (((Class<?>) args[0]).isInstance(proxy)) {
                        return proxy;
                    }
                }
                case "isWrapperFor" -> {
                    if (((Class<?>) args[0]).isInstance(proxy)) {
                        return true;
                    }
                }
                case "equals" -> {
                    return proxy == args[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                default -> {
                }
            }
            Object result = CommitFaults.call(target, method, args);
            if (result instanceof Statement statement && name.equals("createStatement")) {
                return trackStatement(statement);
            }
            return result;
        }

        private void commit() throws SQLException {
            List<String> ran;
            synchronized (this) {
                ran = List.copyOf(statements);
                statements.clear();
            }
            Fault striking = armed.stream().filter(fault -> fault.strikes(ran)).findFirst().orElse(null);
            if (striking == null) {
                target.commit();
                return;
            }
            armed.remove(striking);
            if (striking.outcome == Outcome.COMMITTED_THEN_ERROR) {
                target.commit();
                throw new SQLException("injected: the connection broke after the commit was sent (it committed)",
                        "08006");
            }
            target.rollback();
            throw new SQLException("injected: the connection broke before the commit reached the server", "08006");
        }

        private synchronized void remember(String sql) {
            statements.add(sql);
        }

        private synchronized void forget() {
            statements.clear();
        }

        private Statement trackStatement(Statement statement) {
            return (Statement) Proxy.newProxyInstance(Statement.class.getClassLoader(), new Class<?>[] {Statement.class},
                    (proxy, method, args) -> {
                        if (args != null && args.length > 0 && args[0] instanceof String sql
                                && (method.getName().startsWith("execute") || method.getName().equals("addBatch"))) {
                            remember(sql);
                        }
                        return CommitFaults.call(statement, method, args);
                    });
        }
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** The pool, handing out tracking connections. Deliberately not a {@code DelegatingDataSource}. */
    private final class FaultyDataSource implements DataSource {
        private final DataSource pool;

        FaultyDataSource(DataSource pool) {
            this.pool = Objects.requireNonNull(pool, "pool");
        }

        @Override
        public Connection getConnection() throws SQLException {
            return wrap(pool.getConnection());
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return wrap(pool.getConnection(username, password));
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return pool.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            pool.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            pool.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return pool.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return pool.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            return type.isInstance(this) ? type.cast(this) : pool.unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws SQLException {
            return type.isInstance(this) || pool.isWrapperFor(type);
        }
    }
}
