/**
 * Full fusion (审批系统融合): cases taken in at the city platform's one window are stored as the platform's
 * cases and sent to every department named at once (同时分送), durably and exactly once per department;
 * the departments' progress flows back through their normal sources and is linked to the same case
 * (see {@code store.CaseStore} and {@code caseflow.ParallelApproval}). The platform API calls
 * {@link org.cityhub.fusion.Intake}.
 */
package org.cityhub.fusion;
