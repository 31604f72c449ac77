package org.medsign.adapters.hl7v2.mllp;

import java.net.InetAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The connections each client address holds open on one listener. A connection counts from the moment it is
 * accepted until camel-mllp (or the client) closes it; closed sockets are dropped when the address connects again.
 */
final class PeerConnections {

    /** Above this many addresses, addresses without open connections are forgotten. */
    private static final int TIDY_ABOVE = 256;

    private final Map<InetAddress, List<Socket>> open = new HashMap<>();

    /** Counts {@code socket} against its address unless that address already holds {@code max} open connections. */
    synchronized boolean admit(Socket socket, int max) {
        List<Socket> sockets = open.computeIfAbsent(socket.getInetAddress(), a -> new ArrayList<>());
        sockets.removeIf(Socket::isClosed);
        if (sockets.size() >= max) {
            return false;
        }
        sockets.add(socket);
        if (open.size() > TIDY_ABOVE) {
            open.values().removeIf(list -> {
                list.removeIf(Socket::isClosed);
                return list.isEmpty();
            });
        }
        return true;
    }

    /** Open connections of an address (for tests and diagnostics). */
    synchronized int count(InetAddress address) {
        List<Socket> sockets = open.get(address);
        if (sockets == null) {
            return 0;
        }
        sockets.removeIf(Socket::isClosed);
        return sockets.size();
    }
}
