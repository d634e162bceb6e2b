package com.bikefleet.agent.sdk;

import com.bikefleet.model.Fix;
import java.time.Instant;

/**
 * What a technician wants to know about a running agent.
 *
 * @param connected      whether the server connection is open
 * @param since          when it last opened or closed (system clock, for display), or null before either
 * @param gpsState       {@code fix}, {@code no_fix} or {@code no_data}
 * @param lastFix        the last fix taken, or null
 * @param outboxDepth    fixes waiting for the server
 * @param dropped        fixes dropped because the outbox was full
 * @param skipped        sequence numbers skipped because the outbox had rolled back below what the server holds
 * @param previousOutboxId the unreadable outbox the current one replaced, or null
 * @param resetReason    why it was replaced ({@code corrupt}), or null
 */
public record AgentStatus(String bikeId, String serverUrl, boolean connected, Instant since, String gpsState,
                          Fix lastFix, long outboxDepth, long dropped, long skipped, String previousOutboxId,
                          String resetReason) {
}
