package org.cityhub.demo;

import java.nio.file.Path;
import java.time.Clock;
import java.util.random.RandomGenerator;

import org.apache.cxf.Bus;
import org.apache.cxf.jaxws.EndpointImpl;
import org.cityhub.config.HubProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.zaxxer.hikari.HikariDataSource;

/**
 * The simulated drug administration (食药监, department {@code drug}) of the embedded default: its legacy
 * SOAP service {@link DrugAdministrationService} served inside the hub at {@value #ADDRESS} under the CXF
 * servlet ({@code /services/demo/drug}, WSDL at {@code ?wsdl}), over an H2 file database
 * {@code <data-dir>/demo/drug-legacy} seeded with a history of cases, and clerks who accept and progress a
 * few cases every {@code cityhub.demo.write-period} ms. {@code connectors/drug.yaml} polls it through the
 * hub's own port. Off with {@code cityhub.demo.enabled=false}.
 *
 * <p>Settings (typed in {@code HubProperties.Drug}): {@code cityhub.demo.drug.seed-cases} (default 150) and
 * {@code cityhub.demo.drug.busy-millis} (default 0: every SOAP call first waits that long, like a busy
 * database).
 */
@Component
@ConditionalOnProperty(name = "cityhub.demo.enabled", havingValue = "true", matchIfMissing = true)
class DrugDemoDepartment implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(DrugDemoDepartment.class);
    /** Where the service is published on the CXF bus (relative to cxf.path). */
    static final String ADDRESS = "/demo/drug";

    private final HikariDataSource db;
    private final DrugAdministrationLegacyDb drug;
    private final EndpointImpl endpoint;

    DrugDemoDepartment(HubProperties props, Clock clock, Bus bus) {
        int seedCases = props.demo().drug().seedCases();
        long busyMillis = props.demo().drug().busyMillis();
        Path file = props.dataPath().resolve("demo").resolve("drug-legacy");
        this.db = DemoDatabases.open(props.dataPath(), "drug-legacy", "", 4);
        DrugAdministrationLegacyDb.createSchema(db);
        this.drug = new DrugAdministrationLegacyDb(db, RandomGenerator.of("L64X128MixRandom"), clock);
        if (drug.isEmpty()) {
            int n = drug.seed(seedCases);
            log.info("demo: drug administration legacy database seeded with {} cases at {}", n, file);
        }
        DrugAdministrationService service = new DrugAdministrationService(drug);
        service.busy(busyMillis);
        Path wsdl = props.connectorsDir().resolve("drug").resolve("YpjgSpService.wsdl");
        this.endpoint = DrugAdministrationService.publish(bus, ADDRESS, service, wsdl);
        log.info("demo: drug administration SOAP service 药品监管审批服务 published at <cxf.path>{}", ADDRESS);
    }

    /** One tick of the simulated clerks: an application accepted, a few cases moved on. */
    @Scheduled(initialDelayString = "${cityhub.demo.write-period:5000}", fixedDelayString = "${cityhub.demo.write-period:5000}")
    void clerksWork() {
        drug.advance(1, 2);
    }

    @Override
    public void destroy() {
        try {
            endpoint.stop();
        } finally {
            db.close();
        }
    }
}
