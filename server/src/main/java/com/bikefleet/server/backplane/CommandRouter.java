package com.bikefleet.server.backplane;

import com.bikefleet.model.protocol.Command;
import com.bikefleet.server.command.CommandSender;
import com.bikefleet.server.presence.BikePresence;

/**
 * Sends a command to a bike connected here, or nudges the instance that holds the bike: that instance reads
 * the queued command from the shared database, sends it and marks it delivered. Returns false for a remote
 * bike, so the command stays queued until its holder has sent it.
 */
final class CommandRouter implements CommandSender {

    private final CommandSender local;
    private final BikePresence presence;
    private final RedisLink redis;
    private final String instanceId;

    CommandRouter(CommandSender local, BikePresence presence, RedisLink redis, String instanceId) {
        this.local = local;
        this.presence = presence;
        this.redis = redis;
        this.instanceId = instanceId;
    }

    @Override
    public boolean send(String bikeId, Command command) {
        if (local.send(bikeId, command)) {
            return true;
        }
        presence.holder(bikeId).thenAccept(holder -> {
            if (holder != null && !holder.equals(instanceId)) {
                redis.publish(Channels.instance(holder),
                        BackplaneMessage.about(BackplaneMessage.Kind.COMMANDS, instanceId, bikeId).encode());
            }
        });
        return false;
    }
}
