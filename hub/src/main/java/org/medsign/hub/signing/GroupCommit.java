package org.medsign.hub.signing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit: callers hand in items and wait; one writer thread runs up to {@code maxBatch} items in a single
 * transaction and commits once, then wakes each caller with its own result. A caller returns only after its item is
 * committed. When a batch fails, its items are retried one by one, so one bad item cannot fail the others and each
 * caller gets its own exception.
 *
 * @param <T> item type
 * @param <R> per-item result
 */
final class GroupCommit<T, R> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    private record Pending<T, R>(T item, CompletableFuture<R> done) {
    }

    private final TransactionTemplate transactions;
    /** The work of one batch, item results in item order (per item, or one step for the whole batch first). */
    private final Function<List<T>, List<R>> work;
    private final int maxBatch;
    private final BlockingQueue<Pending<T, R>> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean running = true;

    /** A group commit that runs {@code work} for each item of a batch, in order. */
    static <T, R> GroupCommit<T, R> ofItems(String name, TransactionTemplate transactions, int maxBatch,
                                           Function<T, R> work) {
        return new GroupCommit<>(name, transactions, maxBatch, batch -> {
            List<R> out = new ArrayList<>(batch.size());
            for (T item : batch) {
                out.add(work.apply(item));
            }
            return out;
        });
    }

    private GroupCommit(String name, TransactionTemplate transactions, int maxBatch,
                        Function<List<T>, List<R>> batchWork) {
        this.transactions = transactions;
        this.work = batchWork;
        this.maxBatch = maxBatch;
        this.writer = new Thread(this::loop, name);
        this.writer.setDaemon(true);
        this.writer.start();
    }

    /**
     * A group commit whose work takes the whole batch at once ({@code batchWork} returns one result per item, in
     * order), e.g. to lock every item's row with one statement; a failed batch is retried as batches of one.
     */
    static <T, R> GroupCommit<T, R> ofBatches(String name, TransactionTemplate transactions, int maxBatch,
                                             Function<List<T>, List<R>> batchWork) {
        return new GroupCommit<>(name, transactions, maxBatch, batchWork);
    }

    /** Runs {@code item} in the next batch and waits for its commit. */
    R submit(T item) {
        Pending<T, R> pending = new Pending<>(item, new CompletableFuture<>());
        if (!running) {
            throw new IllegalStateException("shutting down");
        }
        queue.add(pending);
        try {
            return pending.done().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a group commit", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private void loop() {
        List<Pending<T, R>> batch = new ArrayList<>(maxBatch);
        while (running || !queue.isEmpty()) {
            try {
                Pending<T, R> first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.error("Group commit {} failed: {}", writer.getName(), e.getClass().getSimpleName(), e);
                batch.forEach(p -> p.done().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    private void write(List<Pending<T, R>> batch) {
        try {
            List<T> items = new ArrayList<>(batch.size());
            for (Pending<T, R> pending : batch) {
                items.add(pending.item());
            }
            List<R> results = transactions.execute(status -> work.apply(items));
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).done().complete(results.get(i));
            }
        } catch (RuntimeException batchFailure) {
            if (batch.size() == 1) {
                batch.get(0).done().completeExceptionally(batchFailure);
                return;
            }
            for (Pending<T, R> pending : batch) {
                try {
                    pending.done().complete(transactions.execute(status -> work.apply(List.of(pending.item())))
                            .get(0));
                } catch (RuntimeException e) {
                    pending.done().completeExceptionally(e);
                }
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        writer.join(5_000);
        Pending<T, R> pending;
        while ((pending = queue.poll()) != null) {
            pending.done().completeExceptionally(new IllegalStateException("hub shutting down"));
        }
    }
}
