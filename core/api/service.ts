/**
 * The services' duties as the API sends them (`GET /api/service/duties`), shared by the server
 * that makes them and the tab that shows them. People appear by name, never by id.
 */
import type { Service, ServiceDutyStatus } from '../service/service-duties';

export interface ServiceDutyJson {
  id: string;
  rule: 'case-register-update' | 'link-meeting';
  title: string;
  from: string;
  due: string;
  deadline: string;
  status: ServiceDutyStatus;
  completedAt?: string;
  note?: string;
  register?: {
    month: string;
    produced?: { at: string; cases: number; url: string; file: string };
    services: { service: Service; name: string; has?: { at: string; by: string } }[];
  };
  meeting?: {
    day: string;
    held?: { at: string; by: string; protocolReviewed: boolean };
  };
}

export interface ServiceDutiesJson {
  duties: ServiceDutyJson[];
  /** What the caller may do here. */
  you: { services: Service[]; mayRecordMeetings: boolean };
  /** The council's settings these follow. */
  settings: { caseRegisterDay: number; linkMeetingsFrom?: string };
}

/** What a recording did, in words, and the duty as it now stands. */
export interface ServiceDutyResult {
  message: string;
  duty: ServiceDutyJson;
}
