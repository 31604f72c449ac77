package org.medsign.hub.integration;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.RoutesLoader;
import org.apache.camel.support.PluginHelper;
import org.medsign.hub.evidence.AuditEvent;
import org.medsign.hub.evidence.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Loads one route file per hospital system from the routes directory ({@code medsign.routes.dir}, default
 * {@code ./routes}) after start-up. Each file is loaded on its own: a malformed file is refused with a message
 * naming the file, the line and the problem, and the other systems' routes keep running. {@link #reload()} does it
 * again (new files are added; a file whose routes already run is skipped).
 */
@Component
public class RouteFiles {

    private static final Logger log = LoggerFactory.getLogger(RouteFiles.class);

    /** Outcome of one file. */
    public record FileStatus(String file, boolean loaded, List<String> routeIds, String problem) {
    }

    private final CamelContext camel;
    private final RouteProperties properties;
    private final AuditLog audit;
    private final Map<String, FileStatus> status = new ConcurrentHashMap<>();

    public RouteFiles(CamelContext camel, RouteProperties properties, AuditLog audit) {
        this.camel = camel;
        this.properties = properties;
        this.audit = audit;
    }

    /** Audit action of the load at start (the administrator's reload is {@code ROUTES_RELOAD}, by its edge). */
    public static final String LOADED_AT_START = "ROUTES_LOADED";

    @EventListener(ApplicationReadyEvent.class)
    void onStart() {
        List<FileStatus> files = reload();
        long loaded = files.stream().filter(FileStatus::loaded).count();
        // one event per start even without files, so that the operations log shows which routes each start ran
        String dir = properties.dir().toString();
        audit.append(AuditEvent.success("hub", "SYSTEM", LOADED_AT_START,
                dir.length() > 200 ? "…" + dir.substring(dir.length() - 199) : dir,
                "trigger=start files=" + files.size() + " loaded=" + loaded + " refused=" + (files.size() - loaded)));
    }

    /** Loads every route file not loaded yet; returns the status of all files. */
    public synchronized List<FileStatus> reload() {
        Path dir = properties.dir();
        if (!Files.isDirectory(dir)) {
            log.info("No routes directory {}: no system routes loaded", dir.toAbsolutePath());
            return List.of();
        }
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".yaml")
                    || p.getFileName().toString().endsWith(".yml")).sorted().toList();
        } catch (IOException e) {
            log.error("Cannot list routes directory {}: {}", dir, e.getMessage());
            return List.of();
        }
        RoutesLoader loader = PluginHelper.getRoutesLoader(camel);
        for (Path file : files) {
            String name = file.getFileName().toString();
            FileStatus previous = status.get(name);
            if (previous != null && previous.loaded()) {
                continue;
            }
            List<String> before = routeIds();
            try {
                Resource resource = PluginHelper.getResourceLoader(camel).resolveResource("file:" + file.toAbsolutePath());
                loader.loadRoutes(resource);
                List<String> added = new ArrayList<>(routeIds());
                added.removeAll(before);
                status.put(name, new FileStatus(name, true, added, null));
                log.info("Route file {} loaded: {}", name, added);
                audit.append(AuditEvent.success("hub", "SYSTEM", "ROUTE_FILE_LOADED", name, String.join(",", added)));
            } catch (Exception e) {
                String problem = describe(e);
                removeRoutesAddedSince(before);
                status.put(name, new FileStatus(name, false, List.of(), problem));
                log.error("Route file {} refused: {}", name, problem);
                audit.append(AuditEvent.failure("hub", "SYSTEM", "ROUTE_FILE_REFUSED", name, problem));
            }
        }
        return List.copyOf(status.values());
    }

    /** The status of every file seen. */
    public List<FileStatus> status() {
        return List.copyOf(status.values());
    }

    private List<String> routeIds() {
        return camel.getRoutes().stream().map(route -> route.getRouteId()).toList();
    }

    private void removeRoutesAddedSince(List<String> before) {
        for (String id : routeIds()) {
            if (!before.contains(id)) {
                try {
                    camel.getRouteController().stopRoute(id);
                    camel.removeRoute(id);
                } catch (Exception ignored) {
                    log.debug("could not remove route {}", id);
                }
            }
        }
    }

    /** The most specific message in the cause chain (YAML errors name the line and column there). */
    static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        Throwable cause = e;
        int depth = 0;
        while (cause != null && depth++ < 6) {
            String message = cause.getMessage();
            if (message != null && !message.isBlank() && text.indexOf(message) < 0) {
                if (!text.isEmpty()) {
                    text.append(" <- ");
                }
                text.append(message.replaceAll("\\s+", " ").trim());
            }
            cause = cause.getCause();
        }
        String result = text.isEmpty() ? e.getClass().getSimpleName() : text.toString();
        return result.length() > 600 ? result.substring(0, 600) : result;
    }
}
