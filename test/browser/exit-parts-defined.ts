/**
 * The exit kiosk's parts that load after its first paint (pay QR, staff release form, refused
 * records), defined up front: these tests drive them the moment they show. How they load, and what
 * the lane shows when they do not, is test/browser/lane-exit-parts.test.ts.
 */
import '../../src/components/lane-dead-letters/lane-dead-letters.js';
import '../../src/components/lane-pay-qr/lane-pay-qr.js';
import '../../src/components/lane-staff-exit/lane-staff-exit.js';
