/** Core REST routes: /api/vehicles (find, findOne for the website; writes need an authorised role or token). */
import { factories } from '@strapi/strapi';

export default factories.createCoreRouter('api::vehicle.vehicle');
