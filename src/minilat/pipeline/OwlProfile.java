import java.io.File;

import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.formats.TurtleDocumentFormat;
import org.semanticweb.owlapi.io.FileDocumentSource;
import org.semanticweb.owlapi.io.RDFParserMetaData;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyManager;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

/**
 * The OWL API's OWL 2 DL profile check of one Turtle (or N-Triples) file, for
 * minilat.pipeline.quality. Prints tab-separated lines: "axioms N"; "unparsed S P O" for
 * every RDF triple the OWL 2 mapping could not read (reserved vocabulary such as
 * rdf:subject, or malformed axioms), which takes the graph out of OWL 2 DL although the
 * profile checker never sees it; and "violation KIND TEXT" for every profile violation.
 * Run with the source launcher: java -cp OWLAPI_JARS OwlProfile.java FILE
 */
public class OwlProfile {
    public static void main(String[] args) throws Exception {
        OWLOntologyManager manager = OWLManager.createOWLOntologyManager();
        OWLOntology ontology = manager.loadOntologyFromOntologyDocument(
            new FileDocumentSource(new File(args[0]), new TurtleDocumentFormat()));
        System.out.println("axioms\t" + ontology.getAxiomCount());
        manager.getOntologyFormat(ontology).getOntologyLoaderMetaData().ifPresent(meta -> {
            if (meta instanceof RDFParserMetaData) {
                ((RDFParserMetaData) meta).getUnparsedTriples().forEach(t -> System.out.println(
                    "unparsed\t" + t.getSubject() + "\t" + t.getPredicate() + "\t" + t.getObject()));
            }
        });
        for (OWLProfileViolation v : new OWL2DLProfile().checkOntology(ontology).getViolations()) {
            System.out.println("violation\t" + v.getClass().getSimpleName() + "\t"
                + v.toString().replace('\n', ' ').replace('\t', ' '));
        }
    }
}
