/** The remote attendant console app, served by the proxy at /console/. */
import './attendant-console.js';

document.body.append(document.createElement('lane-attendant-console'));
