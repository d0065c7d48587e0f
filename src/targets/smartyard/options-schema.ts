/**
 * The `targets.<name>` options of a `smartyard` block as JSON Schema: sync.yaml's schema takes it whole
 * (config/schema/sync-schema.ts) and the option parser checks against it (options.ts), so the two
 * cannot disagree. `#/$defs/…` names a shared definition of config/schema/core.ts.
 */
import type { JsonSchema } from '../../config/schema/json-schema.js';

export const SMARTYARD_OPTIONS_SCHEMA: JsonSchema = {
  "description": "SmartYard (AXIOSTV) server, managed through its /bill/api/ routes: devices, doors and each contract's access rights. The routes check no credentials themselves: keep them reachable from billsync's host only (firewall or proxy).",
  "type": "object",
  "required": [
    "url"
  ],
  "properties": {
    "url": {
      "$ref": "#/$defs/httpUrl",
      "description": "Base URL of the SmartYard app (its own port, not the /api proxy); billsync appends /bill/api/<route>/, e.g. http://10.0.0.5:5000",
      "examples": [
        "http://127.0.0.1:5000"
      ]
    },
    "token": {
      "description": "Optional bearer token for a proxy in front of /bill/api/; the app itself checks none. Use ${ENV_VAR} or ${file:/path}, not a literal.",
      "type": "string",
      "minLength": 1
    },
    "inventory": {
      "description": "Path of the device and door inventory YAML, relative to sync.yaml.",
      "type": "string",
      "minLength": 1,
      "examples": [
        "inventory/smartyard.yaml"
      ]
    },
    "inventory_mode": {
      "description": "create (default): devices and doors of the inventory that cannot be adopted are added with devices_add/ and doors_add/. adopt_only: nothing is ever added — make devices and doors by hand in SmartYard and billsync adopts them by listing (matching domophoneid/monitorid, or type, title and address; doors by lock, camera, entrance and name). Use adopt_only for servers whose add routes fail (the published AXIOSTV HEAD answers 422 to every devices_add/ and doors_add/).",
      "type": "string",
      "enum": [
        "create",
        "adopt_only"
      ],
      "default": "create"
    }
  }
};
