package com.bikefleet.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * Prints how many fixes a server's database holds: the benches' cross-check of the client's count. With
 * {@code --per-bike}, one line per bike instead: {@code bikeId count lowestSeq highestSeq outboxIds}
 * (bench/under-attack.sh checks each bike's fixes are exactly seq 1 to the last one it sent, from one outbox).
 */
public final class CountFixes {

    public static void main(String[] args) throws Exception {
        boolean perBike = args.length > 1 && args[1].equals("--per-bike");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + args[0]);
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery(perBike
                     ? "SELECT bike_id, count(*), min(seq), max(seq), count(DISTINCT outbox_id) FROM fixes"
                             + " GROUP BY bike_id ORDER BY bike_id"
                     : "SELECT count(*) FROM fixes")) {
            while (r.next()) {
                System.out.println(perBike
                        ? r.getString(1) + " " + r.getLong(2) + " " + r.getLong(3) + " " + r.getLong(4) + " " + r.getLong(5)
                        : Long.toString(r.getLong(1)));
            }
        }
    }
}
