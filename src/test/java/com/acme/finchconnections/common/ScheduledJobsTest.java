package com.acme.finchconnections.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import io.quarkus.scheduler.Scheduled;

/**
 * The scheduler keeps firing while the application stops, after the database pool has begun to close: a job run
 * then fails half-way and logs a "Pool closed" warning on every deploy. Every scheduled job of ours skips those runs
 * (and any before start); the next instance's run does the work.
 */
class ScheduledJobsTest {

    @Test
    void everyScheduledJobSkipsRunsWhileTheApplicationIsNotRunning() throws Exception {
        List<Method> jobs = scheduledMethods();
        List<String> runningWhileStopping = new ArrayList<>();
        for (Method job : jobs) {
            for (Scheduled schedule : job.getAnnotationsByType(Scheduled.class)) {
                if (schedule.skipExecutionIf() != Scheduled.ApplicationNotRunning.class) {
                    runningWhileStopping.add(job.getDeclaringClass().getSimpleName() + "." + job.getName());
                }
            }
        }
        // Seven jobs today: a scan that found none would pass for the wrong reason.
        assertTrue(jobs.size() >= 7, "scheduled jobs found: " + jobs);
        assertEquals(List.of(), runningWhileStopping);
    }

    /** The @Scheduled methods of every class the application compiles (target/classes, not the tests'). */
    private static List<Method> scheduledMethods() throws IOException, URISyntaxException, ClassNotFoundException {
        Path classes = Path.of(Background.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Method> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".class")).toList()) {
                String relative = classes.relativize(file).toString();
                String name = relative.substring(0, relative.length() - ".class".length()).replace('/', '.');
                Class<?> type = Class.forName(name, false, ScheduledJobsTest.class.getClassLoader());
                for (Method method : type.getDeclaredMethods()) {
                    if (method.getAnnotationsByType(Scheduled.class).length > 0) {
                        found.add(method);
                    }
                }
            }
        }
        return found;
    }
}
