import connection from './connection/schema.json';

export default {
  connection: { schema: connection },
};
