package com.bikefleet.hardware.nmea;

/**
 * Stage 3: reads the fields of RMC, GGA, GLL, GSA, VTG and ZDA from any satellite-system talker and hands
 * them to the merger. Fields added by NMEA 2.3 and 4.x (mode indicator, navigation status, system id)
 * are optional; anything else is reported as unknown and ignored.
 */
final class SentenceParser {

    private static final String TALKERS = "GPGNGLGAGBBDGQGI";

    /** Returns false when the sentence is not one we decode. */
    boolean parse(Fields f, EpochMerger merger) {
        if (!knownTalker(f)) {
            return false;
        }
        if (f.addressIs('R', 'M', 'C') || f.addressIs('G', 'G', 'A') || f.addressIs('Z', 'D', 'A')) {
            if (f.timeOfDayMillis(1) == Fields.MISSING) {
                return false; // cannot be placed in an epoch; a receiver without time has no fix either
            }
        } else if (f.addressIs('G', 'L', 'L') && f.timeOfDayMillis(5) == Fields.MISSING) {
            return false;
        }
        if (f.addressIs('R', 'M', 'C')) {
            merger.rmc(f.timeOfDayMillis(1), f.firstChar(2) == 'A' && modeValid(f.firstChar(12)),
                    f.coordinate(3, 'N', 'S', 90), f.coordinate(5, 'E', 'W', 180),
                    nonNegative(f.decimal(7)), course(f.decimal(8)), f.dateDdmmyy(9));
        } else if (f.addressIs('G', 'G', 'A')) {
            merger.gga(f.timeOfDayMillis(1), f.integer(6),
                    f.coordinate(2, 'N', 'S', 90), f.coordinate(4, 'E', 'W', 180),
                    f.integer(7), nonNegative(f.decimal(8)), f.decimal(9));
        } else if (f.addressIs('G', 'L', 'L')) {
            merger.gll(f.timeOfDayMillis(5), f.firstChar(6) == 'A' && modeValid(f.firstChar(7)),
                    f.coordinate(1, 'N', 'S', 90), f.coordinate(3, 'E', 'W', 180));
        } else if (f.addressIs('G', 'S', 'A')) {
            merger.gsa(f.integer(2));
        } else if (f.addressIs('V', 'T', 'G')) {
            parseVtg(f, merger);
        } else if (f.addressIs('Z', 'D', 'A')) {
            // time,dd,mm,yyyy,zone hours,zone minutes: the date of receivers that send no RMC
            merger.zda(f.timeOfDayMillis(1), f.integer(4), f.integer(3), f.integer(2));
        } else {
            return false;
        }
        return true;
    }

    private static void parseVtg(Fields f, EpochMerger merger) {
        if (f.firstChar(2) == 'T') {
            // NMEA 2.x and later: course,T,course,M,knots,N,km/h,K[,mode]
            double knots = f.decimal(5);
            if (Double.isNaN(knots)) {
                knots = f.decimal(7) / 1.852;
            }
            merger.vtg(modeValid(f.firstChar(9)), nonNegative(knots), course(f.decimal(1)));
        } else {
            // NMEA 1.5 had no unit letters: course true, course magnetic, knots, km/h
            merger.vtg(true, nonNegative(f.decimal(3)), course(f.decimal(1)));
        }
    }

    private static boolean knownTalker(Fields f) {
        for (int i = 0; i < TALKERS.length(); i += 2) {
            if (f.talkerIs(TALKERS.charAt(i), TALKERS.charAt(i + 1))) {
                return true;
            }
        }
        return false;
    }

    /** NMEA 2.3 mode indicator: N (not valid) and E/M/S (estimated, manual, simulator) are no fix. */
    private static boolean modeValid(char mode) {
        return mode != 'N' && mode != 'E' && mode != 'M' && mode != 'S';
    }

    private static double nonNegative(double value) {
        return value >= 0 ? value : Double.NaN;
    }

    private static double course(double degrees) {
        return degrees >= 0 && degrees <= 360 ? degrees : Double.NaN;
    }
}
