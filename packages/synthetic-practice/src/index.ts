export { generatePatients, locationDatabase, type GeneratedPatient, type PandaPatientRow, type PracticeSpec } from './generate-patients.ts';
export { patientEnvelope, type DebeziumOp } from './debezium-envelope.ts';
export { DebeziumPatientProducer } from './debezium-producer.ts';
export { seededRandom } from './random.ts';
