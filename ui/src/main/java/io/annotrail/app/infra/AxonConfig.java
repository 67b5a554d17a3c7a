package io.annotrail.app.infra;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.Task;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.EventProcessingConfigurer;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.messaging.deadletter.Decisions;
import org.axonframework.messaging.deadletter.ThrowableCause;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.deadletter.jdbc.DeadLetterSchema;
import org.axonframework.eventhandling.deadletter.jdbc.JdbcSequencedDeadLetterQueue;
import org.axonframework.springboot.EventProcessorProperties;
import org.axonframework.springboot.util.DeadLetterQueueProviderConfigurerModule;
import io.annotrail.domain.common.StorableText;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.jackson3.Jackson3SerializerCustomizer;
import tools.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.context.SmartLifecycle;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.List;

/**
 * Axon on PostgreSQL: JDBC event storage with serialized appends, tokens/sagas/dead letters in the same
 * database (Axon's JDBC auto-configuration), persistent deadlines through db-scheduler, and failures that
 * propagate instead of being logged and skipped.
 */
@Configuration(proxyBeanMethods = false)
class AxonConfig {

    /**
     * Axon's units of work run in Spring transactions: a command's events, the command side's lookup tables and
     * its deadlines commit together; a projection's read-model changes commit with its token. Declared here
     * because Axon's auto-configuration can be evaluated before Spring's transaction manager exists and would
     * then silently fall back to no transactions at all.
     */
    @Bean
    TransactionManager axonTransactionManager(PlatformTransactionManager transactionManager) {
        return new SpringTransactionManager(transactionManager);
    }

    /**
     * Axon's tracking tokens (a replay token wraps the token it replays up to) are stored polymorphically. The
     * Jackson 3 default refuses every subtype of {@code Object}; allow exactly Axon's and our own types, never an
     * arbitrary class named in stored data.
     */
    @Bean
    Jackson3SerializerCustomizer axonJsonTypes() {
        return builder -> builder.polymorphicTypeValidator(BasicPolymorphicTypeValidator.builder()
                .allowIfSubType("org.axonframework.")
                .allowIfSubType("io.annotrail.")
                .build());
    }

    @Bean
    EventStorageEngine eventStorageEngine(Serializer defaultSerializer,
                                          PersistenceExceptionResolver persistenceExceptionResolver,
                                          @Qualifier("eventSerializer") Serializer eventSerializer,
                                          org.axonframework.config.Configuration configuration,
                                          ConnectionProvider connectionProvider,
                                          TransactionManager transactionManager) {
        return new SerializedAppendEventStorageEngine(JdbcEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connectionProvider)
                .transactionManager(transactionManager)
                // Appends are serialized, so a gap can only be a rolled-back insert: a short timeout is safe.
                .gapTimeout(10_000)
                .batchSize(500));
    }

    /**
     * db-scheduler stores Axon's deadlines (lease expiry) in {@code scheduled_tasks}. Its data source joins the
     * surrounding Spring transaction, so a deadline scheduled by a command exists exactly when the command's
     * events were committed. Axon's deadline manager does not start it; {@link #dbSchedulerLifecycle} does.
     */
    @Bean
    Scheduler dbScheduler(DataSource dataSource, List<Task<?>> tasks) {
        return Scheduler.create(new TransactionAwareDataSourceProxy(dataSource), tasks)
                .tableName("scheduled_tasks")
                .threads(4)
                .pollingInterval(Duration.ofMillis(500))
                .heartbeatInterval(Duration.ofSeconds(10))
                .shutdownMaxWait(Duration.ofSeconds(10))
                .build();
    }

    /**
     * Runs due deadlines only while Axon is up: started after Axon's components (a deadline needs the aggregate
     * repositories) and stopped before them, and so before the database goes away.
     */
    @Bean
    SmartLifecycle dbSchedulerLifecycle(Scheduler scheduler) {
        return new SmartLifecycle() {
            private volatile boolean running;

            @Override
            public void start() {
                scheduler.start();
                running = true;
            }

            @Override
            public void stop() {
                scheduler.stop();
                running = false;
            }

            @Override
            public boolean isRunning() {
                return running;
            }

            @Override
            public int getPhase() {
                return Integer.MAX_VALUE - 2048; // after Axon's own start phases, below the web server's shutdown
            }
        };
    }

    @Autowired
    void configureEventProcessing(EventProcessingConfigurer configurer, ProjectionRecovery recovery) {
        // A failing handler must never be skipped silently: in subscribing processors (the command side's
        // lookup tables) the error rolls the command back; in streaming processors the batch is rolled back and
        // retried in recovery mode, where the failing event goes to the group's dead-letter queue.
        configurer.registerDefaultListenerInvocationErrorHandler(c -> PropagatingErrorHandler.instance());
        configurer.registerDefaultErrorHandler(c -> recovery);
        // Every failure is parked (never dropped), counting attempts so the scheduled retry can stop at a bound.
        // The cause is stored cut and cleaned: whatever a handler's exception says must not stop the letter.
        configurer.registerDefaultDeadLetterPolicy(c -> (letter, cause) -> Decisions.requeue(storableCause(cause),
                l -> l.diagnostics().and(RETRIES, retries(l) + 1)));
    }

    /**
     * Axon's JDBC dead-letter queue for each group with {@code dlq.enabled}, as its auto-configuration builds it,
     * wrapped so that an enqueue that fails cannot stop the processor ({@link ResilientDeadLetterQueue}).
     */
    @Bean
    DeadLetterQueueProviderConfigurerModule deadLetterQueueProviderConfigurerModule(
            EventProcessorProperties eventProcessorProperties, ConnectionProvider connectionProvider,
            TransactionManager transactionManager, DeadLetterSchema schema,
            @Qualifier("eventSerializer") Serializer eventSerializer, Serializer genericSerializer,
            DataSource dataSource) {
        return new DeadLetterQueueProviderConfigurerModule(eventProcessorProperties,
                group -> config -> new ResilientDeadLetterQueue(JdbcSequencedDeadLetterQueue.<EventMessage<?>>builder()
                        .processingGroup(group)
                        .connectionProvider(connectionProvider)
                        .transactionManager(transactionManager)
                        .schema(schema)
                        .genericSerializer(genericSerializer)
                        .eventSerializer(eventSerializer)
                        .build(), dataSource, group));
    }

    static ThrowableCause storableCause(Throwable cause) {
        Throwable root = cause;
        while (root.getMessage() == null && root.getCause() != null) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getName() : root.getMessage();
        return new ThrowableCause(StorableText.clean(cause.getClass().getName(), 255),
                StorableText.clean(message, StorableText.MAX_CAUSE_LENGTH));
    }

    static final String RETRIES = "retries";

    private static int retries(org.axonframework.messaging.deadletter.DeadLetter<?> letter) {
        return letter.diagnostics().get(RETRIES) instanceof Number n ? n.intValue() : 0;
    }
}
