/**
 * Writes a data model definition CSV (libs/cwmp/cpe-model/src/datamodel.ts) from a Broadband Forum
 * data model XML. How the bundled tr181-generic and tr098-generic models were made:
 *
 *   npx tsx apps/cpe-sim/src/tools/extract-datamodel.ts ../shared/datamodels/tr-181-2-17-0-cwmp-full.xml \
 *     ../shared/datamodels/tr-106-types.xml > libs/cwmp/cpe-model/models/tr-181-2-17-0_device-2-17_datamodel.csv
 */
import { readFileSync } from 'node:fs';
import { formatDataModelCsv } from '@headend/cpe-model';
import { entriesFromBbfXml } from './bbf-datamodel.js';

const [modelFile, ...typeFiles] = process.argv.slice(2);
if (modelFile === undefined) {
  process.stderr.write('usage: extract-datamodel.ts MODEL.xml [TYPES.xml ...] > MODEL.csv\n');
  process.exit(2);
}
const extracted = entriesFromBbfXml(
  readFileSync(modelFile, 'utf8'),
  typeFiles.map((f) => readFileSync(f, 'utf8')),
);
const objects = extracted.entries.filter((e) => e.object).length;
process.stderr.write(
  `${extracted.model}: ${objects} objects, ${extracted.entries.length - objects} parameters\n`,
);
process.stdout.write(formatDataModelCsv(extracted.entries));
